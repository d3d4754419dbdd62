CREATE TABLE `exchange_rates` (
	`month` text NOT NULL,
	`currency` text NOT NULL,
	`usd_per_unit` real NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`month`, `currency`)
);
