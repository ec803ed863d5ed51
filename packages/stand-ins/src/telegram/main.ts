import { portFrom } from '../port-from';
import { startLocalTelegram } from './embedded';

// `pnpm telegram:local`: the stand-in on its own port (TELEGRAM_LOCAL_PORT, default 4013). It accepts
// TELEGRAM_BOT_TOKEN if given, else a token it makes and prints.
const main = async () => {
  const env = process.env;
  const standIn = await startLocalTelegram({
    port: portFrom('TELEGRAM_LOCAL_PORT', 4013),
    ...(env['TELEGRAM_BOT_TOKEN'] ? { token: env['TELEGRAM_BOT_TOKEN'] } : {}),
  });
  process.stdout.write(
    `Telegram stand-in on ${standIn.url} (bot @${standIn.botUsername}); start the API with ` +
      `TELEGRAM_BOT_TOKEN=${standIn.token} TELEGRAM_API_ROOT=${standIn.url}\n` +
      `Chat with the bot as a local user at ${standIn.chatUrl}\n`,
  );
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

main().catch((error: unknown) => {
  process.stderr.write(`Telegram stand-in failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
