// Queue contracts: payloads are checked on the way in and on the way out, and a job
// queued before a payload rename is still worked.
import { describe, expect, it } from "vitest";
import { parseJobPayload, type QueueContract } from "../queue-contract";
import { queueContracts } from "../queue-contracts";

describe("the batch.process-file contract", () => {
  const contract = queueContracts["batch.process-file"] as QueueContract;

  it("reads the current payload", () => {
    expect(parseJobPayload(contract, { fileId: "file_1" })).toMatchObject({ success: true, data: { fileId: "file_1" } });
  });

  it("reads a job queued before the rename ({ jobId }) as the same file", () => {
    expect(parseJobPayload(contract, { jobId: "file_1" })).toMatchObject({ success: true, data: { fileId: "file_1" } });
  });

  it("refuses anything else, with the current schema's issues", () => {
    for (const data of [{}, { fileId: "" }, { fileId: "a", jobId: "b" }, { fileId: "a", extra: 1 }, "file_1", null]) {
      const result = parseJobPayload(contract, data);
      expect(result.success).toBe(false);
    }
  });

  it("only sends the current shape", () => {
    expect(contract.payload.safeParse({ jobId: "file_1" }).success).toBe(false);
  });
});

describe("every contract", () => {
  it.each(Object.entries(queueContracts))("%s has a schedule payload its own schema accepts", (_name, contract) => {
    const schedule = (contract as QueueContract).schedule;
    if (schedule) expect(contract.payload.safeParse(schedule.payload).success).toBe(true);
  });
});
