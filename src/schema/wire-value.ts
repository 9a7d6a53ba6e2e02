/** A JSON value as it travels to the server: what the column codec makes and a query's `q` carries. */
export type WireValue = string | number | boolean | null | WireValue[] | { [key: string]: WireValue };
