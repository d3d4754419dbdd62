/**
 * The baseline of bench:http, in a process of its own as the portal is: a plain node:http
 * server answering each path with the recorded bytes of the portal's answer (status, type,
 * encoding and body exactly as the portal sent them), and nothing else.
 *
 *   node --import tsx scripts/bench/plain-server.ts <port> <recordings.json>
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'

export type Recording = { status: number; headers: Record<string, string>; body: string /* base64 */ }

const [port, file] = process.argv.slice(2)
const recordings = JSON.parse(readFileSync(file!, 'utf8')) as Record<string, Recording>
const answers = new Map(
  Object.entries(recordings).map(([path, r]) => [path, { ...r, bytes: Buffer.from(r.body, 'base64') }]),
)

createServer((req, res) => {
  // A POST's body is read, as the portal reads it, before the answer.
  req.resume()
  req.on('end', () => {
    const answer = answers.get(req.url ?? '')
    if (!answer) return res.writeHead(404).end()
    res.writeHead(answer.status, { ...answer.headers, 'Content-Length': answer.bytes.length })
    res.end(answer.bytes)
  })
}).listen(Number(port), '127.0.0.1', () => console.log('ready'))
