// The text of a shared string (<si>) or an inline string (<is>): a plain <t>, or rich-text runs
// (<r><rPr/><t>…</t></r>) joined, without the phonetic guides (<rPh>) that East Asian text may carry.
import { unescapeStoredText } from './cellText.js';

export class RichText {
  private collected = '';
  private phoneticDepth = 0;
  private textDepth = 0;

  reset(): void {
    this.collected = '';
    this.phoneticDepth = 0;
    this.textDepth = 0;
  }

  open(name: string): void {
    if (name === 'rPh') this.phoneticDepth++;
    else if (name === 't' && this.phoneticDepth === 0) this.textDepth++;
  }

  close(name: string): void {
    if (name === 'rPh') this.phoneticDepth--;
    else if (name === 't' && this.phoneticDepth === 0) this.textDepth--;
  }

  /** Adds text that arrived inside the item; returns the length collected so far. */
  append(text: string): number {
    if (this.textDepth > 0) this.collected += text;
    return this.collected.length;
  }

  text(): string {
    return unescapeStoredText(this.collected);
  }
}
