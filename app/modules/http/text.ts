/**
 * Control, zero-width and bidi-override characters can disguise what people read: a subject
 * that displays backwards in a list or a mail subject, a file name "gpj.exe" shown as
 * "exe.jpg". Every text a person types into the portal, customer or staff, is cleaned by
 * these two rules and nothing else.
 */
const invisibleInLine = /[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g
/** The same for multi-line text, which keeps its line breaks and tabs. */
const invisibleInText =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g

/** A one-line text (a subject, a title, a name, a file name): NFC, no invisible characters, trimmed. */
export function cleanLine(value: string) {
  return value.normalize('NFC').replace(invisibleInLine, '').trim()
}

/** A message or description: NFC, line endings as \n, no invisible characters, trimmed. */
export function cleanText(value: string) {
  return value.normalize('NFC').replace(/\r\n?/g, '\n').replace(invisibleInText, '').trim()
}
