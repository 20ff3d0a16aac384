// The Preferences section as rendered HTML: the category × channel table with its
// headers, the locked account row, a label for every control, the fieldsets, the
// suppression notice — and the form's fields parse back to what is stored. Real Postgres.
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createScratchDatabase } from "@/lib/db/__tests__/support/scratch-database";
import { newUser } from "@/lib/notifications/__tests__/support/finished-batch";
import { defaultPreferences } from "@/lib/notifications/preferences/notification-preferences";
import { preferenceFormEntries, preferenceFormSchema } from "@/lib/notifications/preferences/preference-form";
import { savePreferences } from "@/lib/notifications/preferences/preference-store";
import { suppress } from "@/lib/notifications/deliveries/suppression";
import { PreferencesSection } from "../preferences-section";

// The server actions pull in Auth.js, which needs Next's runtime; rendering only passes them to forms.
vi.mock("../preference-actions", () => {
  const action = async () => null;
  return { savePreferencesAction: action, resubscribeAction: action };
});
vi.mock("../../../actions", () => ({ adoptBrowserTimeZoneAction: async () => null, signOutAction: async () => undefined }));
// Rendered outside the App Router: the form only needs the router to refresh after its effects, which never run here.
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => undefined }) }));

beforeAll(async () => {
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
});

async function render(userId: string) {
  const html = renderToStaticMarkup(await PreferencesSection({ userId }));
  return { html, text: html.replace(/<[^>]+>/g, " ").replaceAll("&amp;", "&").replace(/\s+/g, " ") };
}

const inputs = (html: string) => html.match(/<(input|select)\b[^>]*>/g) ?? [];
const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

describe("Preferences section", () => {
  it("shows categories × channels in a table with a caption and scoped headers, and a locked account row", async () => {
    const { html, text } = await render((await newUser()).id);
    expect(html).toMatch(/<caption[^>]*>What reaches you, and where<\/caption>/);
    const columns = [...html.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((match) => match[1]);
    expect(columns).toEqual(["Notification", "Email", "Webhook", "In the app", "Delivery"]);
    expect(html.match(/<th scope="row"/g)).toHaveLength(5);
    for (const row of ["Batch succeeded", "Batch failed", "Digest", "Results expiring", "Account and sign-in"]) expect(text).toContain(row);
    expect(text).toContain("A batch could not be processed, and what went wrong.");

    const account = inputs(html).filter((tag) => tag.includes("account-email"));
    expect(account).toHaveLength(1);
    expect(account[0]).toContain('checked=""');
    expect(account[0]).toContain('disabled=""');
    expect(account[0]).not.toContain("name=");
    expect(text).toContain("Always on: you need them to get into your account, so they cannot be turned off.");

    expect(text).toMatch(/Batch succeeded .* Instant In the digest/);
    expect(html).toMatch(/<fieldset[^>]*><legend class="visually-hidden">How batch failed notifications arrive<\/legend>/);
    for (const legend of ["Digest schedule", "Quiet hours", "Limits and time zone"]) expect(html).toContain(`<legend>${legend}</legend>`);
  });

  it("labels every control", async () => {
    const user = await newUser();
    const preferences = defaultPreferences("Europe/Berlin");
    preferences.quietHours = { start: "22:00", end: "07:00" };
    preferences.categories.digest.schedule = { frequency: "weekly", weekday: 1, hour: 9 };
    await savePreferences(user.id, preferences);
    const { html } = await render(user.id);

    const controls = inputs(html);
    expect(controls.length).toBeGreaterThan(20);
    for (const tag of controls) {
      const id = attribute(tag, "id");
      const type = attribute(tag, "type");
      if (type === "radio") {
        // Radios sit inside their <label>.
        expect(html, tag).toMatch(new RegExp(`<label[^>]*>${tag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
      } else {
        expect(id, tag).toBeDefined();
        expect(html, tag).toContain(`for="${id}"`);
      }
    }
    expect(html).toMatch(/<input id="([^"]+)" type="checkbox"[^>]* name="channel:batch_succeeded:email"[^>]*\/><label for="\1" class="visually-hidden">Email: batch succeeded<\/label>/);
    expect(html).toMatch(/<label class="label" for="([^"]+)">Time zone<\/label><input id="\1"[^>]* list="([^"]+)"/);
    expect(html).toContain('<option value="Europe/Berlin">');
    expect(html).toContain('<option value="UTC">');
    expect(html).toMatch(/<p role="status"[^>]*><\/p>/);
  });

  it("renders the stored choices so that submitting them unchanged stores the same set", async () => {
    const user = await newUser();
    const preferences = defaultPreferences("Asia/Tokyo");
    preferences.categories.batch_succeeded.channels = { email: false, webhook: true, in_app: false };
    preferences.categories.batch_failed.mode = "digest";
    preferences.categories.digest.schedule = { frequency: "weekly", weekday: 3, hour: 18 };
    preferences.quietHours = { start: "23:00", end: "06:00" };
    preferences.dailyCap = 12;
    await savePreferences(user.id, preferences);
    const { html } = await render(user.id);

    // What a browser submits: named, enabled controls; checkboxes and radios only when checked.
    const submitted: Record<string, string> = {};
    for (const tag of inputs(html)) {
      const name = attribute(tag, "name");
      if (!name || tag.includes('disabled=""')) continue;
      const type = attribute(tag, "type");
      if ((type === "checkbox" || type === "radio") && !tag.includes('checked=""')) continue;
      if (tag.startsWith("<select")) {
        const select = new RegExp(`${tag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*?</select>`).exec(html)?.[0] ?? "";
        submitted[name] = /<option value="([^"]*)" selected=""/.exec(select)?.[1] ?? "";
      } else submitted[name] = attribute(tag, "value") ?? "on";
    }
    expect(submitted).toEqual(preferenceFormEntries(preferences));
    expect(preferenceFormSchema.parse(submitted)).toEqual(preferences);
  });

  it("explains a suppression; a bounce needs the confirmation box, an unsubscribe does not", async () => {
    const bounced = await newUser();
    await suppress(bounced.email, "bounced", "550 5.1.1 user unknown");
    const { html, text } = await render(bounced.id);
    expect(text).toContain("Emails to your address bounced");
    expect(text).toContain(`${bounced.email.toLowerCase()} is on the suppression list.`);
    expect(text).toContain("Reported: 550 5.1.1 user unknown");
    expect(html).toMatch(/<input type="checkbox" name="confirmed"[^>]*\/> I fixed the address \/ I want these emails/);
    expect(html).toMatch(/<button class="button" type="submit" disabled="">Subscribe again<\/button>/);

    const unsubscribed = await newUser();
    await suppress(unsubscribed.email, "unsubscribed");
    const other = await render(unsubscribed.id);
    expect(other.text).toContain("You unsubscribed from all Tidings email");
    expect(other.html).not.toContain('name="confirmed"');
    expect(other.html).toMatch(/<button class="button" type="submit">Subscribe again<\/button>/);

    expect((await render((await newUser()).id)).text).not.toContain("suppression list");
  });
});
