CREATE TABLE `market_holidays` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`market_id` integer NOT NULL,
	`date` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`market_id`) REFERENCES `markets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `market_holidays_market_date` ON `market_holidays` (`market_id`,`date`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_sla_targets` (
	`tier` text NOT NULL,
	`priority` text DEFAULT 'normal' NOT NULL,
	`first_response_minutes` integer NOT NULL,
	`resolution_minutes` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tier`, `priority`)
);
--> statement-breakpoint
INSERT INTO `__new_sla_targets`("tier", "priority", "first_response_minutes", "resolution_minutes", "updated_at") SELECT "tier", 'normal', "first_response_minutes", "resolution_minutes", "updated_at" FROM `sla_targets`;--> statement-breakpoint
DROP TABLE `sla_targets`;--> statement-breakpoint
ALTER TABLE `__new_sla_targets` RENAME TO `sla_targets`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
ALTER TABLE `tickets` ADD `sla_paused_since` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `sla_paused_minutes` integer DEFAULT 0 NOT NULL;