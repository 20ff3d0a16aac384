// Settings → API tokens: create (shown once), list, revoke.
import Link from "next/link";
import { DateTime } from "@/components/date-time";
import { ScrollRegion } from "@/components/scroll-region";
import { MAX_ACTIVE_API_TOKENS } from "@/lib/api-tokens/create-api-token";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import styles from "./api-tokens.module.css";
import { CreateApiTokenForm } from "./create-api-token-form";
import { RevokeApiTokenForm } from "./revoke-api-token-form";
import settingsStyles from "./settings.module.css";

export async function ApiTokensSection({ userId, timeZone }: { userId: string; timeZone: string }) {
  const tokens = await listApiTokens(userId);
  return (
    <section className={`card ${settingsStyles.section}`} aria-labelledby="api-tokens-title">
      <h2 id="api-tokens-title">API tokens</h2>
      <p className="muted">
        Personal tokens for the <Link href="/docs/api">REST API</Link>. A token acts as you: keep it secret, and revoke it when it is no longer
        needed.
      </p>
      <CreateApiTokenForm atLimit={tokens.length >= MAX_ACTIVE_API_TOKENS} />
      {tokens.length === 0 ? (
        <p className="muted">You have no API tokens.</p>
      ) : (
        <ScrollRegion labelledBy="api-tokens-caption">
          <table className={`data-table ${styles.table}`}>
            <caption id="api-tokens-caption" className="visually-hidden">
              Your active API tokens
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Token</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>
                    <code>{token.prefix}…</code>
                  </td>
                  <td>
                    <DateTime value={token.createdAt} timeZone={timeZone} />
                  </td>
                  <td>{token.lastUsedAt ? <DateTime value={token.lastUsedAt} timeZone={timeZone} /> : <span className="muted">Never</span>}</td>
                  <td>
                    <RevokeApiTokenForm tokenId={token.id} name={token.name} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
