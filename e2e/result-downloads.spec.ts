// A person uploads two exports of the same CRM with "Keep risky rows" ticked, then
// downloads an Excel workbook, a CSV for Excel without the risky rows, and the batch as
// one merged list.
import ExcelJS from "exceljs";
import { expect, type Download, type Page, test } from "@playwright/test";
import { signIn, uniqueEmail } from "./support/mailbox";
import { chooseFiles } from "./support/upload";

const crmA = ["name,email,phone", "Ann,ann@acme-mail.com,+44 20 7946 0958", "Front desk,info@acme-mail.com,", "Nobody,not-an-address,"].join("\n");
const crmB = ["email;company", "bob@acme-mail.com;Acme", "ANN@acme-mail.com;Acme again"].join("\n");

async function bytesOf(download: Download): Promise<Buffer> {
  return Buffer.concat(await (await download.createReadStream()).toArray());
}

async function downloadFrom(page: Page, name: string | RegExp): Promise<Download> {
  const waiting = page.waitForEvent("download");
  await page.getByTestId("batch-downloads").getByRole("link", { name }).click();
  return waiting;
}

async function workbookRows(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]?.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cell.text;
    });
    rows.push(cells);
  });
  return rows;
}

test("download Excel, CSV for Excel and the merged list, keeping risky rows or not", async ({ page }) => {
  await signIn(page, uniqueEmail("downloads"));
  await page.getByRole("checkbox", { name: /Keep risky rows/ }).check();
  await chooseFiles(page, [
    { name: "crm-a.csv", mimeType: "text/csv", buffer: Buffer.from(crmA) },
    { name: "crm-b.csv", mimeType: "text/csv", buffer: Buffer.from(crmB) },
  ]);
  await expect(page).toHaveURL(/\/batches\/\w+$/);
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });

  const area = page.getByTestId("batch-downloads");
  // The upload's choice is where the checkbox starts.
  await expect(area.getByRole("checkbox", { name: /Keep risky rows/ })).toBeChecked();

  // Excel: every cell as written, the phone number too; the role address kept as asked.
  await area.getByRole("radio", { name: /Excel \(\.xlsx\)/ }).check();
  const workbook = await downloadFrom(page, "Cleaned list of crm-a.csv");
  expect(workbook.suggestedFilename()).toBe("crm-a-cleaned.xlsx");
  expect(await workbookRows(await bytesOf(workbook))).toEqual([
    ["name", "email", "phone", "normalized_email"],
    ["Ann", "ann@acme-mail.com", "+44 20 7946 0958", "ann@acme-mail.com"],
    ["Front desk", "info@acme-mail.com", "", "info@acme-mail.com"],
  ]);

  // CSV for Excel without the risky rows: a byte order mark, the upload's semicolons,
  // and Ann left out of the second file, as the first one had her.
  await area.getByRole("radio", { name: /CSV for Excel/ }).check();
  await area.getByRole("checkbox", { name: /Keep risky rows/ }).uncheck();
  const forExcel = await downloadFrom(page, "Cleaned list of crm-b.csv");
  expect(forExcel.suggestedFilename()).toBe("crm-b-cleaned.csv");
  expect((await bytesOf(forExcel)).toString("utf8")).toBe("\uFEFFemail;company;normalized_email\r\nbob@acme-mail.com;Acme;bob@acme-mail.com\r\n");
  const reportB = (await bytesOf(await downloadFrom(page, "Report of crm-b.csv"))).toString("utf8");
  expect(reportB).toContain("Same address as line 2 of crm-a.csv.");

  // The batch as one list: each address once, the file each came from.
  const merged = await downloadFrom(page, "Merged cleaned list");
  expect(merged.suggestedFilename()).toMatch(/-all-cleaned\.csv$/);
  const lines = (await bytesOf(merged)).toString("utf8").replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines).toEqual([
    "name,email,phone,company,normalized_email,source_file",
    "Ann,ann@acme-mail.com,+44 20 7946 0958,,ann@acme-mail.com,crm-a.csv",
    ",bob@acme-mail.com,,Acme,bob@acme-mail.com,crm-b.csv",
  ]);
});
