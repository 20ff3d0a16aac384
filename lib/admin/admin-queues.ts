// The queues that keep a dead-letter queue, from the registry: what the dead-letter
// list shows and what a replay may target.
import { deadLetterQueueName } from "../queue/define-queue";
import { queueNames, queueRegistry, type QueueName } from "../queue/registry";

/** Queues whose jobs go to `<name>.dead` when they fail for good. */
export const deadLetterSources = queueNames.filter((name) => queueRegistry[name].deadLetter) as [QueueName, ...QueueName[]];

/** `batch.process-file.dead` → `batch.process-file`. */
export const sourceOfDeadLetterQueue = new Map<string, QueueName>(deadLetterSources.map((name) => [deadLetterQueueName(name), name]));
