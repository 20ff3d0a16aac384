// Choosing the storage backend from the settings (no server needed).
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../env";
import { attachmentDisposition } from "../attachment-disposition";
import { LocalStorage } from "../local-storage";
import { S3Storage } from "../s3-storage";
import { createStorage } from "../storage";

const devSecret = () => "a-development-secret-of-32-characters";
const settings = (variables: Record<string, string>) => parseEnv({ DATA_DIR: "/srv/tidings", ...variables }, devSecret);

function problemsOf(variables: Record<string, string>): string[] {
  try {
    settings(variables);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("STORAGE_DRIVER", () => {
  it("is the local folder unless told otherwise", () => {
    const store = createStorage(settings({}));
    expect(store).toBeInstanceOf(LocalStorage);
    expect((store as LocalStorage).root).toBe("/srv/tidings/uploads");
  });

  it("is a bucket with STORAGE_DRIVER=s3 and S3_BUCKET", () => {
    const chosen = settings({ STORAGE_DRIVER: "s3", S3_BUCKET: "tidings-files" });
    const store = createStorage(chosen);
    expect(store).toBeInstanceOf(S3Storage);
    expect((store as S3Storage).bucket).toBe("tidings-files");
    expect(chosen).toMatchObject({ S3_REGION: "us-east-1", S3_FORCE_PATH_STYLE: false });
    expect(chosen.S3_ENDPOINT).toBeUndefined();
  });

  it("names every S3 setting that is missing or wrong, in one message", () => {
    expect(problemsOf({ STORAGE_DRIVER: "s3" })).toEqual(["S3_BUCKET: is required when STORAGE_DRIVER=s3"]);
    expect(problemsOf({ STORAGE_DRIVER: "s3", S3_BUCKET: "tidings", S3_ACCESS_KEY_ID: "AKIA0000" })).toEqual([
      "S3_SECRET_ACCESS_KEY: must be set together with the other of S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY",
    ]);
    const problems = problemsOf({ STORAGE_DRIVER: "gcs", S3_BUCKET: "Not_A_Bucket", S3_ENDPOINT: "radosgw:7480", S3_FORCE_PATH_STYLE: "yes" });
    expect(problems.map((problem) => problem.split(":")[0]).sort()).toEqual(["S3_BUCKET", "S3_ENDPOINT", "S3_FORCE_PATH_STYLE", "STORAGE_DRIVER"]);
  });

  it("loads the AWS SDK only when a bucket is used, not to choose the backend", async () => {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "support/imports-of-storage.mjs");
    const importsWith = async (variables: Record<string, string>) => {
      const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], {
        env: { ...process.env, ...variables },
        timeout: 60_000,
      });
      return JSON.parse(stdout) as string[];
    };
    const local = await importsWith({ STORAGE_DRIVER: "local" });
    const s3 = await importsWith({ STORAGE_DRIVER: "s3", S3_BUCKET: "tidings-files" });

    expect(local).toContain("./local-storage");
    expect(local.filter((specifier) => specifier.startsWith("@aws-sdk/"))).toEqual([]);
    expect(s3.filter((specifier) => specifier.startsWith("@aws-sdk/"))).toEqual([]);
  });
});

describe("attachmentDisposition", () => {
  it("quotes a plain name, and adds the exact name for others", () => {
    expect(attachmentDisposition("contacts-cleaned.csv")).toBe('attachment; filename="contacts-cleaned.csv"');
    expect(attachmentDisposition('Kund"en\\liste.csv')).toBe(
      `attachment; filename="Kund_en_liste.csv"; filename*=UTF-8''Kund%22en%5Cliste.csv`,
    );
    expect(attachmentDisposition("Adressen für Müller.csv")).toBe(
      `attachment; filename="Adressen f_r M_ller.csv"; filename*=UTF-8''Adressen%20f%C3%BCr%20M%C3%BCller.csv`,
    );
    expect(attachmentDisposition("a\r\nSet-Cookie: x")).not.toMatch(/[\r\n]/);
  });
});
