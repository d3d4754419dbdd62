DROP INDEX `events_type_idx`;--> statement-breakpoint
CREATE INDEX `events_type_idx` ON `events` (`type`,`occurred_at`,`account_id`);