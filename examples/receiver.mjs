// A Followthrough event receiver (docs/events.md): verify the signature, skip repeats, act.
//   npm install standardwebhooks
//   FOLLOWTHROUGH_WEBHOOK_SECRET=whsec_… PORT=8080 node receiver.mjs
/* global process, console, Buffer */
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const webhook = new Webhook(process.env.FOLLOWTHROUGH_WEBHOOK_SECRET ?? ''); // throws when unset
const seen = new Set(); // webhook-ids already handled; in production, a table with a unique key

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let event;
    try {
      event = webhook.verify(Buffer.concat(chunks), req.headers); // the raw bytes, as signed
    } catch {
      return res.writeHead(401).end();
    }
    const id = req.headers['webhook-id'];
    if (!seen.has(id)) {
      seen.add(id);
      console.log(`${event.type} ${event.subject ?? '-'}`); // here: write data.entry.detail onto the ticket
    }
    res.writeHead(204).end();
  });
});
server.listen(Number(process.env.PORT ?? 8080), () => console.log(`listening on ${server.address().port}`));
