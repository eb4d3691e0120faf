-- Server-side web sessions. The cookie holds a random token; only its SHA-256 is stored, so a
-- read of this table does not hand out usable sessions. A row without user_id is a pre-session
-- that carries the OIDC login state (state, nonce, PKCE verifier) between /auth/login and
-- /auth/callback; it is replaced by a new row (new id) when the login succeeds.
create table sessions (
  id text primary key,
  user_id bigint references users (id) on delete cascade,
  csrf_token text not null,
  login_state jsonb,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expires_idx on sessions (expires_at);
