/** A piece with invisible characters made visible (a byte tokenizer's space is the piece " "): for chips and axis labels. */
export function visiblePiece(piece: string): string {
  return piece.replace(/ /g, '\u2423').replace(/\n/g, '\u23ce').replace(/\t/g, '\u21e5');
}
