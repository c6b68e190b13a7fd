// Text from the inputs shown on a terminal: a control character (an escape sequence that would recolour
// or clear the screen, or set its title) or an invisible format character (a zero-width space pasted
// from a web page) is spelled out as \uXXXX instead of acting or hiding.

const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

export function visible(text: string): string {
  return text.replace(INVISIBLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
