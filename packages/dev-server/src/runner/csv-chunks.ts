/**
 * A CSV as it was read: its bytes, chunk by chunk, never concatenated nor decoded whole. Its rows are decoded
 * and parsed a slice at a time as they are taken (`csvInputs`): joining or decoding a 10 MB CSV in one go
 * allocates and copies megabytes in one turn of the event loop, and holds the CSV two or three times over.
 */
export type CsvChunks = readonly Buffer[];
