# Writes survfit-fixtures.json: what R's survival::survfit reports for a few data sets, so
# that kaplan-meier.survfit.test.ts can hold our Kaplan–Meier estimator to R's numbers.
#
#   Rscript app/modules/onboarding/survfit-fixtures/survfit-fixtures.R
#
# Made with R 4.2.2 and survival 3.5.3 (Debian bookworm: apt-get install r-base-core).
# Each set: every step of the curve (time, n.risk, n.event, n.censor, surv and the 95%
# log-log band), the median with its interval as print(fit) shows them, and the curve read
# off at the tracker's days with summary(fit, times = ..., extend = TRUE).
library(survival)

sets <- list(
  # The classic acute myelogenous leukaemia trial shipped with survival (weeks to relapse).
  aml_maintained = with(subset(aml, x == "Maintained"), list(time = time, event = status)),
  aml_nonmaintained = with(subset(aml, x == "Nonmaintained"), list(time = time, event = status)),
  # Ovarian cancer trial shipped with survival (days), many censored.
  ovarian = with(ovarian, list(time = futime, event = fustat)),
  # Days to value as the tracker sees them: whole days, many ties, censoring at ties too.
  ttv_days = local({
    set.seed(2026)
    reached <- rgeom(90, 0.06)
    followed <- sample(5:80, 90, replace = TRUE)
    list(time = pmin(reached, followed), event = as.integer(reached <= followed))
  }),
  # The curve sits at exactly 0.5 between days 2 and 3: the median is the midpoint, 2.5.
  plateau = list(time = c(1, 2, 3, 4), event = c(1, 1, 1, 1)),
  # Fewer than half reach the event: no median.
  never_half = list(time = c(2, 5, 5, 8, 10, 10, 12, 15, 20, 30), event = c(1, 0, 1, 0, 0, 1, 0, 0, 0, 0)),
  # Everyone reaches it: the curve ends at 0.
  to_zero = list(time = c(2, 4, 4, 6), event = c(1, 1, 1, 1)),
  # Events on the start day (day 0) and a censoring at an event time.
  start_day = list(time = c(0, 0, 3, 5, 5, 9), event = c(1, 1, 1, 1, 0, 1)),
  # One account; and no event at all.
  single = list(time = c(7), event = c(1)),
  all_censored = list(time = c(3, 5, 8), event = c(0, 0, 0))
)
days <- c(0, 7, 14, 30, 60, 90)

num <- function(x) ifelse(is.na(x), "null", format(x, digits = 15, scientific = FALSE, trim = TRUE))
arr <- function(x) paste0("[", paste(num(x), collapse = ", "), "]")

out <- c()
for (name in names(sets)) {
  d <- sets[[name]]
  fit <- survfit(Surv(d$time, d$event) ~ 1, conf.type = "log-log")
  table <- summary(fit)$table
  at <- summary(fit, times = days, extend = TRUE)
  out <- c(out, paste0(
    '  "', name, '": {\n',
    '    "time": ', arr(d$time), ',\n',
    '    "event": ', arr(d$event), ',\n',
    '    "steps": {\n',
    '      "time": ', arr(fit$time), ',\n',
    '      "n.risk": ', arr(fit$n.risk), ',\n',
    '      "n.event": ', arr(fit$n.event), ',\n',
    '      "n.censor": ', arr(fit$n.censor), ',\n',
    '      "surv": ', arr(fit$surv), ',\n',
    '      "lower": ', arr(fit$lower), ',\n',
    '      "upper": ', arr(fit$upper), '\n',
    '    },\n',
    '    "median": ', num(table[["median"]]), ',\n',
    '    "lcl": ', num(table[["0.95LCL"]]), ',\n',
    '    "ucl": ', num(table[["0.95UCL"]]), ',\n',
    '    "days": { "time": ', arr(at$time), ', "n.risk": ', arr(at$n.risk), ', "surv": ', arr(at$surv), ' }\n',
    '  }'
  ))
}
dir <- "app/modules/onboarding/survfit-fixtures"
writeLines(c("{", paste(out, collapse = ",\n"), "}"), file.path(dir, "survfit-fixtures.json"))
