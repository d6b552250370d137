import { WarehouseSqlError } from "../sql-errors";
import { isSignificant, Token } from "./tokenizer";

/**
 * The tokens of one statement plus the edits the translator makes to them. Positions are
 * indexes into the significant tokens (no spaces or comments), so rules can look around a token
 * without caring about layout. Edits are replacements or insertions on single tokens; a rewrite
 * never copies the text of other tokens, so nested rewrites compose.
 */
export class TokenStream {
  private readonly significant: number[] = [];
  private readonly replacement = new Map<number, string>();
  private readonly before = new Map<number, string>();
  private readonly after = new Map<number, string>();

  constructor(readonly tokens: Token[]) {
    tokens.forEach((token, index) => {
      if (isSignificant(token)) this.significant.push(index);
    });
  }

  get length(): number {
    return this.significant.length;
  }

  at(p: number): Token | undefined {
    const index = this.significant[p];
    return index === undefined ? undefined : this.tokens[index];
  }

  /** The upper-cased word at p, or undefined when p is not a plain word. */
  word(p: number): string | undefined {
    const token = this.at(p);
    return token?.kind === "word" ? token.text.toUpperCase() : undefined;
  }

  isPunct(p: number, text: string): boolean {
    const token = this.at(p);
    return token?.kind === "punct" && token.text === text;
  }

  isWord(p: number, ...words: string[]): boolean {
    const word = this.word(p);
    return word !== undefined && words.includes(word);
  }

  /** Position of the `)` matching the `(` at p. */
  closingParen(p: number): number {
    return this.closing(p, "(", ")");
  }

  closing(p: number, open: string, close: string): number {
    let depth = 0;
    for (let q = p; q < this.length; q++) {
      if (this.isPunct(q, open)) depth++;
      else if (this.isPunct(q, close)) {
        depth--;
        if (depth === 0) return q;
      }
    }
    throw new WarehouseSqlError(
      "PARSE_SYNTAX_ERROR",
      `Syntax error: unbalanced '${open}'.`,
      "42601",
    );
  }

  /**
   * Splits the inside of a parenthesised list starting at the `(` at p into items at top-level
   * commas. Returns [first, end) position pairs and the comma positions. With `angleBrackets`,
   * commas inside `<...>` (column types such as STRUCT<a: INT, b: INT>) do not split.
   */
  listItems(
    p: number,
    { angleBrackets = false } = {},
  ): { items: Array<[number, number]>; commas: number[]; close: number } {
    const close = this.closingParen(p);
    const items: Array<[number, number]> = [];
    const commas: number[] = [];
    let depth = 0;
    let itemStart = p + 1;
    for (let q = p + 1; q < close; q++) {
      if (this.isPunct(q, "(") || this.isPunct(q, "[") || (angleBrackets && this.isPunct(q, "<")))
        depth++;
      else if (
        this.isPunct(q, ")") ||
        this.isPunct(q, "]") ||
        (angleBrackets && this.isPunct(q, ">"))
      )
        depth--;
      else if (depth === 0 && this.isPunct(q, ",")) {
        items.push([itemStart, q]);
        commas.push(q);
        itemStart = q + 1;
      }
    }
    if (itemStart < close || items.length > 0) items.push([itemStart, close]);
    return { items, commas, close };
  }

  replace(p: number, text: string): void {
    this.replacement.set(this.rawIndex(p), text);
  }

  /** Replaces positions [from, to) including the layout between them. */
  replaceRange(from: number, to: number, text: string): void {
    const first = this.rawIndex(from);
    const last = this.rawIndex(to - 1);
    for (let index = first; index <= last; index++) this.replacement.set(index, "");
    this.replacement.set(first, text);
    for (let index = first; index <= last; index++) {
      if (index !== first) {
        this.before.delete(index);
        this.after.delete(index);
      }
    }
  }

  remove(from: number, to = from + 1): void {
    this.replaceRange(from, to, "");
  }

  /** Removes the token at p and the whitespace after it. */
  removeWord(p: number): void {
    const index = this.rawIndex(p);
    this.replacement.set(index, "");
    if (this.tokens[index + 1]?.kind === "space") this.replacement.set(index + 1, "");
  }

  insertBefore(p: number, text: string): void {
    const index = this.rawIndex(p);
    this.before.set(index, text + (this.before.get(index) ?? ""));
  }

  insertAfter(p: number, text: string): void {
    const index = this.rawIndex(p);
    this.after.set(index, (this.after.get(index) ?? "") + text);
  }

  isEdited(p: number): boolean {
    return this.replacement.has(this.rawIndex(p));
  }

  /**
   * The statement text with all edits applied, from position `from` to `to` (exclusive). Up to
   * the end, trailing comments are kept too.
   */
  render(from = 0, to = this.length, renderToken: (token: Token) => string): string {
    if (from >= to) return "";
    const first = this.rawIndex(from);
    const last = to === this.length ? this.tokens.length - 1 : this.rawIndex(to - 1);
    let out = "";
    for (let index = first; index <= last; index++) {
      const token = this.tokens[index] as Token;
      out += this.before.get(index) ?? "";
      out += this.replacement.get(index) ?? renderToken(token);
      out += this.after.get(index) ?? "";
    }
    return out;
  }

  private rawIndex(p: number): number {
    const index = this.significant[p];
    if (index === undefined) throw new Error(`token position ${p} out of range`);
    return index;
  }
}
