import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { signIn, uniqueEmail } from "./support/mailbox";

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet("Notes").addRow(["Nothing to see here"]);
  const leads = book.addWorksheet("Leads");
  leads.addRow(["Name", "Email", "Signed up"]);
  leads.addRow(["Ada", "ada@acme-mail.com", new Date(Date.UTC(2024, 2, 1))]);
  leads.addRow(["Grace", "grace@acme-mail.org", new Date(Date.UTC(2024, 2, 2))]);
  leads.addRow(["Nope", "not-an-address", null]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

test("drop a workbook with a PDF and a PNG named .csv: the workbook's sheet is verified, the others are refused and named", async ({ page }) => {
  await signIn(page, uniqueEmail("xlsx"));
  await page.getByLabel(/^Sheet/).fill("leads");
  const files = [
    { name: "crm-export.xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", base64: (await workbook()).toString("base64") },
    { name: "brochure.pdf", type: "application/pdf", base64: Buffer.from("%PDF-1.7\n").toString("base64") },
    { name: "photo.csv", type: "text/csv", base64: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]).toString("base64") },
  ];
  // A real drop: the files in a DataTransfer, dropped on the zone once the page can take them.
  await expect(page.getByLabel(/Drop CSV files here/)).toBeEnabled();
  const dataTransfer = await page.evaluateHandle((dropped) => {
    const transfer = new DataTransfer();
    for (const file of dropped) {
      const bytes = Uint8Array.from(atob(file.base64), (character) => character.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }
    return transfer;
  }, files);
  await page.getByText("Drop CSV files here, or choose files").dispatchEvent("drop", { dataTransfer });

  const result = page.getByRole("status", { name: "Upload result" });
  await expect(result).toContainText("1 file was uploaded as a new batch.");
  const refused = result.getByRole("list", { name: "Not uploaded" }).getByRole("listitem");
  await expect(refused).toHaveText(['"brochure.pdf" is not a list Tidings can read.', '"photo.csv" is a PNG image, not a contact list.']);

  await result.getByRole("link", { name: "Open the batch" }).click();
  await expect(page).toHaveURL(/\/batches\/\w+$/);
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  const file = page.getByTestId("batch-file");
  await expect(file).toHaveCount(1);
  await expect(file).toContainText("crm-export.xlsx");
  await expect(file).toContainText("Addresses from the “Email” column of the sheet “Leads”.");
  await expect(page.getByText("Valid", { exact: true }).locator("..")).toContainText("2");
  await expect(page.getByText("Invalid", { exact: true }).locator("..")).toContainText("1");
});
