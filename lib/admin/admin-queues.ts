// The queues that keep a dead-letter queue, from the registry: what the dead-letter
// list shows and what a replay may target.
import { deadLetterQueueName } from "../queue/queue-contract";
import { queueNames, queueContracts, type QueueName } from "../queue/queue-contracts";

/** Queues whose jobs go to `<name>.dead` when they fail for good. */
export const deadLetterSources = queueNames.filter((name) => queueContracts[name].deadLetter) as [QueueName, ...QueueName[]];

/** `batch.process-file.dead` → `batch.process-file`. */
export const sourceOfDeadLetterQueue = new Map<string, QueueName>(deadLetterSources.map((name) => [deadLetterQueueName(name), name]));
