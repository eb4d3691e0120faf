/** Numbers and counts as the officer reads them (Swedish digit grouping). */
const numberFormat = new Intl.NumberFormat('sv-SE');
export const num = (n: number) => numberFormat.format(n);
export const examWord = (n: number) => (n === 1 ? 'undersökning' : 'undersökningar');
