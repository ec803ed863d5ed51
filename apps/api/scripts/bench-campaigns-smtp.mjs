// The bench's SMTP server, in a process of its own so its work and memory are not the sender's:
// a real SMTP server (smtp-server) on a free port of 127.0.0.1 that accepts every mail and
// discards it. Tells the parent its port, and on request how many mails and recipients it took.
import { SMTPServer } from 'smtp-server';

let mails = 0;
const recipients = new Map();
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  disableReverseLookup: true,
  logger: false,
  size: 1024 * 1024,
  onData(stream, session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      mails += 1;
      for (const rcpt of session.envelope.rcptTo) recipients.set(rcpt.address, (recipients.get(rcpt.address) ?? 0) + 1);
      callback();
    });
  },
});

server.listen(0, '127.0.0.1', () => process.send?.({ port: server.server.address().port }));
process.on('message', (message) => {
  if (message === 'count') {
    let twice = 0;
    for (const n of recipients.values()) if (n > 1) twice += 1;
    process.send?.({ mails, distinctRecipients: recipients.size, mailedTwice: twice });
  }
  if (message === 'stop') server.close(() => process.exit(0));
});
