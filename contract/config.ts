/** Names shared by the worker, the client side and the workflows. */
export const TASK_QUEUE = 'melker';
export const FEED_SCHEDULE_ID = 'feed-import-daily';
