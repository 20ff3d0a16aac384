// What a person sees of their tokens: never the token, never its hash.
import type { ApiToken } from "../db/generated/client";

export type ApiTokenView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
};

export function toApiTokenView(token: ApiToken): ApiTokenView {
  return { id: token.id, name: token.name, prefix: token.prefix, createdAt: token.createdAt, lastUsedAt: token.lastUsedAt };
}
