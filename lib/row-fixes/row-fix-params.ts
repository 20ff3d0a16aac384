// Path parameters of the row-fixing routes and actions.
import { z } from "zod";

const id = z.string().min(1).max(64);

export const batchFilePathSchema = z.object({ id, fileId: id });
export const batchOnlyPathSchema = z.object({ id });
