// Choosing files in the dashboard's drop zone the way a person does: once the page
// can take them (the picker is disabled until the page's script has loaded).
import { expect, type Page } from "@playwright/test";

export type ChosenFile = { name: string; mimeType: string; buffer: Buffer };

export async function chooseFiles(page: Page, files: ChosenFile[]): Promise<void> {
  const picker = page.getByLabel(/Drop CSV files here/);
  await expect(picker).toBeEnabled();
  await picker.setInputFiles(files);
}
