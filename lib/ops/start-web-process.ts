import { env, shareSettingsWithAuthJs } from "../env";
import { log } from "../log";

/**
 * Validates the settings as a web process starts (so a bad configuration stops it at
 * once, not at the first request), hands Auth.js its public address, and says which
 * email transport the process will use.
 */
export function startWebProcess(): void {
  const settings = env();
  shareSettingsWithAuthJs();
  log.info(
    { event: "web.started", transport: settings.EMAIL_TRANSPORT, appUrl: settings.APP_URL, appEnv: settings.APP_ENV },
    `web server started; email goes through ${settings.EMAIL_TRANSPORT}`,
  );
}
