CREATE TABLE `ticket_ccs` (
	`ticket_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`added_by_id` integer,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `user_id`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`added_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `ticket_ccs_user_idx` ON `ticket_ccs` (`user_id`);