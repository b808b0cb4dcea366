/**
 * Domain modules keep their own message files next to their code; this registers them all in
 * the catalogue. Import it once wherever translations are produced.
 */
export {};
