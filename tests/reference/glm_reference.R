# SPDX-License-Identifier: MIT
# The outside reference for Neuron::summary's tests (tests/test_statistics.cpp): logistic
# regressions fitted by R's glm(family = binomial) on R's own data sets.
#
# Writes, into OUTDIR (default: tests/data, beside this script's folder):
#   glm/<problem>.csv    each problem's numeric design matrix without the intercept column, one
#                        sample per row, the 0/1 target `y` last; a header row of column names;
#                        numbers with 17 significant digits, so a double reads back exactly
#   glm_reference.txt    what R reports for each problem (its format is written at its top)
# Run with Debian's R (r-base-core, r-cran-mass for birthwt):
#     Rscript tests/reference/glm_reference.R            # rewrites the committed files
#     Rscript tests/reference/glm_reference.R OUTDIR     # writes them elsewhere (ctest's check)
#
# Two fits per problem. glm.fit tests columns for aliasing with its QR tolerance,
# min(1e-7, epsilon / 1000): at epsilon = 1e-14 that is 1e-17, below double rounding, so a column
# that is a multiple of another up to rounding (wt in kg) is not found aliased and glm wanders off
# along the flat direction. So (1) glm with its default control names the aliased columns (NA),
# as a user of R sees them; (2) glm with glm.control(epsilon = 1e-14, maxit = 100) refits without
# them, which is the same optimum (an aliased column adds nothing to the model), now tight to the
# last digits. The reference reports (2), with NA for the columns (1) found aliased.
# Any warning of either fit (separation, no convergence) stops the script.

library(MASS) # birthwt

args <- commandArgs(trailingOnly = TRUE)
if (length(args) > 1) stop("usage: Rscript glm_reference.R [OUTDIR]")
script <- sub("^--file=", "", grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE))
out_dir <- if (length(args) == 1) args[1] else file.path(dirname(normalizePath(script)), "..", "data")
dir.create(file.path(out_dir, "glm"), recursive = TRUE, showWarnings = FALSE)

num <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

# One row per person of a contingency table held as a data frame with a count column `Freq`.
expand <- function(table) {
    table <- as.data.frame(table)
    table[rep(seq_len(nrow(table)), table$Freq), setdiff(names(table), "Freq")]
}

# The problems: each a data frame of numeric columns with the target `y` last.
problems <- list()

# Motor Trend cars: manual transmission against weight (1000 lb) and horsepower.
problems$mtcars_am <- with(mtcars, data.frame(wt = wt, hp = hp, y = am))

# Straight (1) or V-shaped engine against fuel economy and weight.
problems$mtcars_vs <- with(mtcars, data.frame(mpg = mpg, wt = wt, y = vs))

# The weight twice, in 1000 lb and in kg: wt_kg is a multiple of wt (up to rounding), so aliased.
problems$mtcars_am_wt_twice <- with(mtcars, data.frame(wt = wt, hp = hp, wt_kg = wt * 453.592, y = am))

# Guinea pigs' teeth: the supplement (1 = ascorbic acid, VC; 0 = orange juice) against dose and length.
problems$toothgrowth_supp <- with(ToothGrowth, data.frame(dose = dose, len = len, y = as.numeric(supp == "VC")))

# Infertility after abortions: case status against prior spontaneous and induced abortions, age, parity.
problems$infert_case <- with(infert, data.frame(spontaneous = spontaneous, induced = induced, age = age,
                                                parity = parity, y = case))

# Low birth weight (Hosmer and Lemeshow): race as two dummies, white the baseline.
problems$birthwt_low <- with(birthwt, data.frame(age = age, lwt = lwt, race_black = as.numeric(race == 2),
                                                 race_other = as.numeric(race == 3), smoke = smoke, ptl = ptl,
                                                 ht = ht, ui = ui, ftv = ftv, y = low))

# Oesophageal cancer, one row per case or control: the ordered groups as scores 1, 2, ...
problems$esoph_case <- local({
    e <- esoph
    rows <- rep(seq_len(nrow(e)), e$ncases + e$ncontrols)
    y <- unlist(lapply(seq_len(nrow(e)), function(i) rep(c(1, 0), c(e$ncases[i], e$ncontrols[i]))))
    data.frame(age = as.numeric(e$agegp)[rows], alcohol = as.numeric(e$alcgp)[rows],
               tobacco = as.numeric(e$tobgp)[rows], y = y)
})

# The Titanic's 2,201 people: survival against class (1st the baseline), sex and age.
titanic <- expand(Titanic)
problems$titanic_survived <- with(titanic, data.frame(
    Class2nd = as.numeric(Class == "2nd"), Class3rd = as.numeric(Class == "3rd"),
    ClassCrew = as.numeric(Class == "Crew"), Male = as.numeric(Sex == "Male"),
    Child = as.numeric(Age == "Child"), y = as.numeric(Survived == "Yes")))

# The same with all four class dummies: with the intercept, the last (ClassCrew) is aliased.
problems$titanic_all_classes <- with(titanic, data.frame(
    Class1st = as.numeric(Class == "1st"), Class2nd = as.numeric(Class == "2nd"),
    Class3rd = as.numeric(Class == "3rd"), ClassCrew = as.numeric(Class == "Crew"),
    Male = as.numeric(Sex == "Male"), Child = as.numeric(Age == "Child"), y = as.numeric(Survived == "Yes")))

# A fit that stops on any warning.
strict_glm <- function(formula, data, control) {
    withCallingHandlers(glm(formula, family = binomial, data = data, control = control),
                        warning = function(w) stop("glm warned: ", conditionMessage(w)))
}

reference <- c(
    "# Logistic regressions fitted by R's glm(y ~ ., family = binomial) on the CSV files of tests/data/glm/.",
    "# Written by tests/reference/glm_reference.R (which says how); do not edit.",
    paste0("# ", R.version.string, "."),
    "#",
    "# Per problem, lines of space-separated words; numbers with 17 significant digits, NA where R",
    "# reports NA:",
    "#   problem <name> <csv file, relative to tests/data> <rows>",
    "#   formula <the model, as R writes it>",
    "#   parameter <name> <estimate> <standard error> <z value> <p value>",
    "#       one line per coefficient in R's order: (Intercept) first, then the CSV's input columns",
    "#       in order; NA NA NA NA where the column is aliased",
    "#   deviance <residual deviance>",
    "#   null_deviance <null deviance>",
    "#   aic <AIC>",
    "#   rank <the coefficients not aliased, the intercept included>",
    "#   end",
    "# tinyneuron's order is the inputs first, then the bias (R's (Intercept)).")

for (name in names(problems)) {
    data <- problems[[name]]
    stopifnot(names(data)[ncol(data)] == "y", all(data$y %in% c(0, 1)), all(make.names(names(data)) == names(data)))
    csv <- file.path("glm", paste0(name, ".csv"))
    lines <- c(paste(names(data), collapse = ","), do.call(paste, c(lapply(data, num), sep = ",")))
    writeLines(lines, file.path(out_dir, csv))

    # (1) the aliased columns, at glm's default tolerance; (2) the tight refit without them.
    inputs <- setdiff(names(data), "y")
    loose <- strict_glm(y ~ ., data, glm.control())
    aliased <- is.na(coef(loose))[inputs]
    fit <- strict_glm(reformulate(inputs[!aliased], "y"), data, glm.control(epsilon = 1e-14, maxit = 100))
    stopifnot(fit$converged, !anyNA(coef(fit)), fit$rank == loose$rank,
              abs(fit$deviance - loose$deviance) <= 1e-6 * fit$deviance)

    table <- matrix(NA_real_, length(inputs) + 1, 4, dimnames = list(c("(Intercept)", inputs), NULL))
    table[rownames(coef(summary(fit))), ] <- coef(summary(fit))
    reference <- c(reference,
        sprintf("problem %s %s %d", name, csv, nrow(data)),
        paste("formula", paste(deparse(formula(loose), width.cutoff = 500), collapse = " ")),
        paste("parameter", rownames(table), num(table[, 1]), num(table[, 2]), num(table[, 3]), num(table[, 4])),
        paste("deviance", num(fit$deviance)),
        paste("null_deviance", num(fit$null.deviance)),
        paste("aic", num(fit$aic)),
        paste("rank", fit$rank),
        "end")
}
writeLines(reference, file.path(out_dir, "glm_reference.txt"))
