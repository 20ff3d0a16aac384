// A file of a drop that was not uploaded, and why: in the upload's answer (dashboard and
// API) next to the batch made of the others.
import { z } from "zod";

export const refusedFileSchema = z.object({
  name: z.string().describe("The file's name as it was sent."),
  code: z
    .enum(["unsupported_format", "archive_no_list", "archive_several_lists"])
    .describe(
      "Why it was refused; stable. `unsupported_format`: not a text file, workbook or archive (a PDF, an image, an old .xls). " +
        "`archive_no_list` / `archive_several_lists`: a .zip holding no .csv, .tsv or .txt file, or more than one.",
    ),
  message: z.string().describe("The reason in a sentence for the person who dropped it."),
});
export type RefusedFile = z.infer<typeof refusedFileSchema>;

/** What an upload may hold, in words. */
export const ACCEPTED_FORMATS_TEXT = "CSV, TSV or TXT lists, Excel workbooks (.xlsx), or one list in a .zip or .gz";
