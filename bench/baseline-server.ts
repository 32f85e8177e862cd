// The HTTP ceiling: a bare express 5 server answering the same form POST with a fixed text, as a USSD
// turn answers, with nothing behind it. Run as its own process by bench/run.ts.
import express from 'express';

const app = express();
app.head('/', (_req, res) => void res.end());
app.post('/webhooks/ussd', express.urlencoded({ extended: false, limit: '16kb' }), (_req, res) => {
  res.type('text/plain').send('CON Hi Otieno\n1. Pay KES 15,000 now\n2. Pay rent\n3. Balance & receipts\n4. Language / Lugha');
});
const port = Number(process.env.PORT ?? 0);
const server = app.listen(port, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
