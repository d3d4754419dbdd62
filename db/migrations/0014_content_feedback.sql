CREATE TABLE `content_feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`content_id` integer NOT NULL,
	`respondent` text NOT NULL,
	`user_id` integer,
	`account_id` integer,
	`market_code` text,
	`tier` text,
	`locale` text NOT NULL,
	`helpful` integer NOT NULL,
	`reason` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `content_feedback_once` ON `content_feedback` (`kind`,`content_id`,`respondent`);--> statement-breakpoint
CREATE INDEX `content_feedback_kind_created` ON `content_feedback` (`kind`,`created_at`);