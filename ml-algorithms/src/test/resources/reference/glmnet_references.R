# Reference values for Ember's linear models (logistic, multinomial, linear regression), made with R glmnet and
# R glm/lm, for the Java tests to compare against. See README.md beside this file for the list of outputs.
#
# Run from the repository root (needs Debian's R and glmnet: apt-get install -y r-base-core r-cran-glmnet):
#     Rscript ml-algorithms/src/test/resources/reference/glmnet_references.R
# It rewrites the *.json files of this folder that it owns (all but metrics_*.json and standard_scaler_*.json).
# Takes a few minutes (letter_recognition multinomial is the slow one).
#
# ---------------------------------------------------------------------------------------------------------------
# Conventions (the same text goes into every JSON as "convention")
#
# All penalized objectives are written in the standardized space: for feature j with mean m_j and scale d_j,
#     xs_ij = (x_ij - m_j) / d_j,   w_j = beta_j * d_j   (beta = coefficient on the original scale),
# and a model minimizes
#     O = L(w0, w) + l1_weight * sum_j |w_j| + (l2_weight / 2) * sum_j w_j^2        (intercept w0 not penalized)
# where L is the mean loss over rows:
#     binomial:     L = (1/n) sum_i [ log(1 + exp(eta_i)) - y_i * eta_i ]             (mean log-loss, y in {0,1})
#     multinomial:  L = (1/n) sum_i [ log(sum_k exp(eta_ik)) - eta_i,y_i ]            (symmetric: all K classes
#                   have coefficients and an intercept, every coefficient is penalized, as in glmnet and Spark)
#     gaussian:     L = (1/(2n)) sum_i (y_i - eta_i)^2                                  (raw label, not scaled)
# For binomial and multinomial:  l1_weight = lambda * alpha,  l2_weight = lambda * (1 - alpha).
# For gaussian (linear regression) the label scaling matters:
#     l1_weight = lambda * alpha,  l2_weight = lambda * (1 - alpha) / c
# where c is the label's standard deviation ("label-scaled" variants) or 1 ("unscaled label" variants).
#
# Why c: glmnet, family="gaussian", standardizes y internally (population sd, 1/n) and divides a user-supplied
# lambda by that sd, then unstandardizes; checked here by the KKT conditions of its output (see kkt fields): its
# solution minimizes (1/(2n)) RSS + lambda*alpha*||w||_1 + lambda*(1-alpha)/(2*sd_pop(y))*||w||_2^2 on the raw y.
# So the L1 part is in raw-y units but the L2 part is divided by sd(y); no need (and wrong) to hand glmnet a
# pre-standardized y: glmnet(x, y_raw, lambda = regParam) already is the label-scaled objective.
# Spark's LinearRegression minimizes the same objective, (1/(2n)) RSS + regParam*alpha*||w||_1 +
# regParam*(1-alpha)/(2*yStd)*||w||_2^2 (it fits y/yStd with effectiveRegParam = regParam/yStd and maps back), but
# WHICH sd it uses depends on the solver (Spark 3.x/4.x source):
#   - solver "normal", and "auto" (the default) when numFeatures <= 4096: WeightedLeastSquares, whose doc says
#     "Turn on standardizeLabel to match R's glmnet"; it uses the POPULATION sd (1/n) for features and label
#     (Aggregator.aStd / bStd) -> identical to variant "glmnet" below.
#   - solver "l-bfgs" (OWL-QN when elasticNetParam > 0): Summarizer.std, the SAMPLE sd (1/(n-1)), for features
#     and label -> variant "spark_lbfgs" below.
# For alpha = 1 (lasso) the label scaling has no effect; for ridge and elastic net it does.
#
# Standard deviations: glmnet standardize=TRUE uses the population sd (1/n) of each feature; Spark's
# LogisticRegression (binomial and multinomial) uses Summarizer.std, the sample sd (1/(n-1)). Each case records:
#     variants$glmnet : glmnet(x, y, standardize=TRUE) as is: population sd for x (and for y, gaussian).
#     variants$spark  : (binomial, multinomial) what Spark ML LogisticRegression computes: sample sd for x.
#     variants$spark_lbfgs : (gaussian) Spark LinearRegression solver="l-bfgs": sample sd for x and y.
#                       Both made by standardizing x myself with the sample sd, calling glmnet(...,
#                       standardize=FALSE) with lambda/alpha mapped so that it minimizes the stated objective
#                       (see l1_weight, l2_weight), and mapping the coefficients back.
#     gaussian only, two more: variants$population_sd_unscaled_label and variants$sample_sd_unscaled_label
#                       (c = 1: the plain "mean loss + lambda*penalty" objective with no label scaling).
# Every variant has "spark_equivalent" saying which Spark configuration (if any) it corresponds to.
# Every variant states its l1_weight and l2_weight, so the objective it minimizes is explicit.
#
# Accuracy: glmnet is run with thresh=1e-16 (its floor in practice), maxit=1e8, over a decreasing lambda path
# lambda * 10^seq(2, 0, length.out = 40) ending at the target (glmnet advises against a single lambda); the last
# path point is the fit. Its output ("glmnet_raw") is then polished by a few Newton steps on the same objective
# restricted to glmnet's active set with the signs fixed (exact for the smooth part; intercepts included) and the
# KKT conditions of the polished point are checked on all coordinates ("kkt"). The polished values are the
# reference ("intercept", "coefficients"); "max_abs_change_vs_glmnet_raw" says how far glmnet's own output was.
# ---------------------------------------------------------------------------------------------------------------

suppressPackageStartupMessages(library(glmnet))

out_dir <- "ml-algorithms/src/test/resources/reference"
data_dir <- "ml-core/src/test/resources/data"
if (!dir.exists(out_dir) || !dir.exists(data_dir)) stop("run this from the repository root")
command <- "Rscript ml-algorithms/src/test/resources/reference/glmnet_references.R"

THRESH <- 1e-16
SPARK_LOGREG <- "LogisticRegression(regParam, elasticNetParam, standardization=true, fitIntercept=true): Summarizer.std = sample sd"
MAXIT <- 1e8
PATH_LEN <- 40

CONVENTION <- paste(
  "Objective O = L + l1_weight*sum|w_j| + (l2_weight/2)*sum w_j^2, w_j = beta_j*d_j, xs_j = (x_j - m_j)/d_j,",
  "intercept unpenalized, beta on the original scale. L = mean log-loss (binomial, multinomial symmetric over",
  "all K classes) or (1/(2n))*RSS on the raw label (gaussian). binomial/multinomial: l1_weight = lambda*alpha,",
  "l2_weight = lambda*(1-alpha). gaussian: l1_weight = lambda*alpha, l2_weight = lambda*(1-alpha)/c with c =",
  "sd(y) for label-scaled variants (effectiveRegParam = regParam/yStd in Spark) and c = 1 for unscaled-label",
  "variants. lambda = Spark regParam = glmnet lambda, alpha = Spark elasticNetParam = glmnet alpha.",
  "Variant 'glmnet': d_j (and c) = population sd (1/n), as glmnet standardize=TRUE; this is also Spark",
  "LinearRegression with solver normal/auto (WeightedLeastSquares). Variant 'spark' (logistic) /",
  "'spark_lbfgs' (linear): d_j (and c) = sample sd (1/(n-1)), as Spark LogisticRegression and",
  "LinearRegression solver=l-bfgs with standardization=true (Summarizer.std).")

tools_info <- list(
  R = R.version.string,
  glmnet = as.character(packageVersion("glmnet")),
  Matrix = as.character(packageVersion("Matrix")),
  platform = R.version$platform,
  BLAS = tryCatch(sessionInfo()$BLAS, error = function(e) "unknown"))

# ---------------------------------------------------------------- minimal JSON writer (17 significant digits)
json_scalar <- function(v) {
  if (is.null(v)) return("null")
  if (is.logical(v)) return(if (is.na(v)) "null" else if (v) "true" else "false")
  if (is.numeric(v)) {
    if (is.na(v)) return("null")
    if (!is.finite(v)) stop("non-finite number in JSON output")
    if (v == round(v) && abs(v) < 1e15) return(sprintf("%.0f", v))
    return(sprintf("%.17g", v))
  }
  s <- as.character(v)
  s <- gsub("\\\\", "\\\\\\\\", s); s <- gsub("\"", "\\\\\"", s); s <- gsub("\n", "\\\\n", s)
  paste0("\"", s, "\"")
}
to_json <- function(x, ind = "") {
  nxt <- paste0(ind, " ")
  if (is.null(x)) return("null")
  if (is.matrix(x)) {
    rows <- vapply(seq_len(nrow(x)), function(i)
      paste0("[", paste(vapply(x[i, ], json_scalar, ""), collapse = ", "), "]"), "")
    return(paste0("[\n", paste0(nxt, rows, collapse = ",\n"), "\n", ind, "]"))
  }
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    body <- vapply(seq_along(x), function(i) to_json(x[[i]], nxt), "")
    if (!is.null(names(x))) {
      body <- paste0(json_scalar(names(x)), ": ", body)
      return(paste0("{\n", paste0(nxt, body, collapse = ",\n"), "\n", ind, "}"))
    }
    return(paste0("[\n", paste0(nxt, body, collapse = ",\n"), "\n", ind, "]"))
  }
  if (inherits(x, "AsIs") || length(x) != 1) {   # I(v) forces an array even for length 1
    return(paste0("[", paste(vapply(unclass(x), json_scalar, ""), collapse = ", "), "]"))
  }
  json_scalar(x)
}
write_json <- function(obj, name) {
  path <- file.path(out_dir, name)
  writeLines(to_json(obj), path)
  cat("wrote", path, "\n")
}

# ---------------------------------------------------------------- data
read_data <- function(file) read.csv(file.path(data_dir, file), check.names = FALSE, stringsAsFactors = FALSE)
pop_sd <- function(v) sqrt(mean((v - mean(v))^2))
std_info <- function(x) list(mean = colMeans(x), sd_pop = apply(x, 2, pop_sd), sd_sample = apply(x, 2, sd))
standardize <- function(x, m, d) sweep(sweep(x, 2, m), 2, d, "/")

# ---------------------------------------------------------------- loss, gradient, Hessian in standardized space
# theta layout: binomial/gaussian: c(w0, w_1..w_p); multinomial: vec of the K x (p+1) matrix by rows,
# i.e. class k occupies positions (k-1)*(p+1) + 1 .. k*(p+1), intercept first.
logsumexp_rows <- function(E) { m <- apply(E, 1, max); m + log(rowSums(exp(E - m))) }
softmax_rows <- function(E) { P <- exp(E - apply(E, 1, max)); P / rowSums(P) }

loss_parts <- function(family, X1, y, theta, K = 1, hess = TRUE) {
  n <- nrow(X1); q <- ncol(X1)
  if (family == "binomial") {
    eta <- drop(X1 %*% theta)
    loss <- mean(pmax(eta, 0) + log1p(exp(-abs(eta))) - y * eta)
    mu <- 1 / (1 + exp(-eta))
    g <- drop(crossprod(X1, mu - y)) / n
    H <- if (hess) crossprod(X1, X1 * (mu * (1 - mu))) / n else NULL
  } else if (family == "gaussian") {
    eta <- drop(X1 %*% theta)
    loss <- sum((y - eta)^2) / (2 * n)
    g <- -drop(crossprod(X1, y - eta)) / n
    H <- if (hess) crossprod(X1) / n else NULL
  } else {
    Th <- matrix(theta, nrow = K, byrow = TRUE)
    E <- X1 %*% t(Th)
    loss <- mean(logsumexp_rows(E) - E[cbind(seq_len(n), y)])
    P <- softmax_rows(E)
    Y <- matrix(0, n, K); Y[cbind(seq_len(n), y)] <- 1
    g <- as.vector(t(crossprod(P - Y, X1))) / n        # row-major vec of K x q
    H <- NULL
    if (hess) {
      H <- matrix(0, K * q, K * q)
      for (k in 1:K) for (l in k:K) {
        v <- P[, k] * ((k == l) - P[, l])
        B <- crossprod(X1, X1 * v) / n
        ik <- (k - 1) * q + 1:q; il <- (l - 1) * q + 1:q
        H[ik, il] <- B; if (l != k) H[il, ik] <- t(B)
      }
    }
  }
  list(loss = loss, g = g, H = H)
}

objective <- function(family, X1, y, theta, pen, a, b, K = 1)
  loss_parts(family, X1, y, theta, K, hess = FALSE)$loss + a * sum(abs(theta[pen])) + b / 2 * sum(theta[pen]^2)

kkt_check <- function(family, X1, y, theta, pen, a, b, K = 1) {
  g <- loss_parts(family, X1, y, theta, K, hess = FALSE)$g
  g[pen] <- g[pen] + b * theta[pen]
  act <- !pen | theta != 0
  r_act <- g[act] + ifelse(pen[act], a * sign(theta[act]), 0)
  r_in <- pmax(abs(g[!act]) - a, 0)
  list(max_abs_gradient_active = max(abs(r_act)),
       max_violation_inactive = if (any(!act)) max(r_in) else 0,
       min_slack_inactive = if (any(!act)) min(a - abs(g[!act])) else NULL,
       n_active_penalized = sum(act & pen))
}

polish <- function(family, X1, y, theta, pen, a, b, K = 1) {
  q <- ncol(X1)
  icpt <- if (family == "multinomial") ((0:(K - 1)) * q + 1) else integer(0)
  for (it in 1:50) {
    act <- !pen | theta != 0
    idx <- which(act)
    lp <- loss_parts(family, X1, y, theta, K, hess = TRUE)
    g <- lp$g + ifelse(pen, b * theta + a * sign(theta), 0)
    H <- lp$H + diag(ifelse(pen, b, 0))
    if (length(icpt)) {                    # the softmax is invariant to a common shift of the intercepts:
      u <- numeric(length(theta)); u[icpt] <- 1 / sqrt(K)   # add u u' so the step is the pseudo-inverse one
      H <- H + tcrossprod(u)
    }
    step <- solve(H[idx, idx, drop = FALSE], g[idx])
    f0 <- objective(family, X1, y, theta, pen, a, b, K)
    t <- 1
    repeat {
      cand <- theta; cand[idx] <- theta[idx] - t * step
      flipped <- pen & theta != 0 & sign(cand) != sign(theta)
      cand[flipped] <- 0                     # a coefficient that would cross zero leaves the active set
      f1 <- objective(family, X1, y, cand, pen, a, b, K)
      if (f1 <= f0 + 1e-15 * abs(f0) || t < 1e-8) break
      t <- t / 2
    }
    change <- max(abs(cand - theta))
    theta <- cand
    if (change < 1e-15 * max(1, max(abs(theta)))) break
  }
  theta
}

# glmnet path ending at the target lambda; returns the last point as intercept(s) + coefficient(s)
lambda_path <- function(lam) lam * 10^seq(2, 0, length.out = PATH_LEN)

run_glmnet <- function(x, y, family, alpha, lam, standardize, ...) {
  warn <- character(0)
  fit <- withCallingHandlers(
    glmnet(x, y, family = family, alpha = alpha, lambda = lambda_path(lam), standardize = standardize,
           intercept = TRUE, thresh = THRESH, maxit = MAXIT, ...),
    warning = function(w) { warn <<- c(warn, conditionMessage(w)); invokeRestart("muffleWarning") })
  last <- length(fit$lambda)
  if (abs(fit$lambda[last] - lam) > 1e-12 * lam) stop("glmnet stopped its path early at lambda ", fit$lambda[last])
  list(fit = fit, last = last, warnings = warn, npasses = fit$npasses, jerr = fit$jerr)
}
single_lambda_glmnet <- function(x, y, family, alpha, lam, standardize, ...)
  glmnet(x, y, family = family, alpha = alpha, lambda = lam, standardize = standardize, intercept = TRUE,
         thresh = THRESH, maxit = MAXIT, ...)

# convert between original-scale (b0, beta) and standardized (w0, w) for one linear predictor
to_std <- function(b0, beta, m, d) c(b0 + sum(beta * m), beta * d)
from_std <- function(theta, m, d) { beta <- theta[-1] / d; list(intercept = theta[1] - sum(beta * m), beta = beta) }

# ================================================================ binomial / gaussian (single linear predictor)
fit_single <- function(family, x, y, lam, alpha, dvec, label_scale, sd_name, glmnet_native) {
  info <- std_info(x); m <- info$mean; n <- nrow(x)
  xs <- standardize(x, m, dvec)
  X1 <- cbind(1, xs)
  a <- lam * alpha
  b <- lam * (1 - alpha) / label_scale
  pen <- c(FALSE, rep(TRUE, ncol(x)))
  if (family == "gaussian") {
    # glmnet's own gaussian objective: l1 = lg*ag, l2 = lg*(1-ag)/sd_pop(y). Choose (lg, ag) to hit (a, b).
    sy <- pop_sd(y)
    lg <- a + b * sy; ag <- if (lg > 0) a / lg else 0
  } else { lg <- lam; ag <- alpha }
  if (glmnet_native) {
    r <- run_glmnet(x, y, family, ag, lg, standardize = TRUE)
    raw_b0 <- r$fit$a0[r$last]; raw_beta <- as.numeric(r$fit$beta[, r$last])
    s1 <- single_lambda_glmnet(x, y, family, ag, lg, standardize = TRUE)
    single <- c(s1$a0, as.numeric(s1$beta))
    call <- sprintf("glmnet(x, y, family=\"%s\", alpha=%s, lambda=%s * 10^seq(2, 0, length.out=%d), standardize=TRUE, intercept=TRUE, thresh=%g, maxit=%g); last path point",
                    family, format(ag, digits = 17), format(lg, digits = 17), PATH_LEN, THRESH, MAXIT)
  } else {
    r <- run_glmnet(xs, y, family, ag, lg, standardize = FALSE)
    th <- c(r$fit$a0[r$last], as.numeric(r$fit$beta[, r$last]))
    bk <- from_std(th, m, dvec); raw_b0 <- bk$intercept; raw_beta <- bk$beta
    s1 <- single_lambda_glmnet(xs, y, family, ag, lg, standardize = FALSE)
    bk1 <- from_std(c(s1$a0, as.numeric(s1$beta)), m, dvec); single <- c(bk1$intercept, bk1$beta)
    call <- sprintf("xs = (x - colMeans(x)) / d  with d = %s; glmnet(xs, y, family=\"%s\", alpha=%s, lambda=%s * 10^seq(2, 0, length.out=%d), standardize=FALSE, intercept=TRUE, thresh=%g, maxit=%g); last path point; beta = w / d, intercept = w0 - sum(beta * colMeans(x))",
                    sd_name, family, format(ag, digits = 17), format(lg, digits = 17), PATH_LEN, THRESH, MAXIT)
  }
  th_raw <- to_std(raw_b0, raw_beta, m, dvec)
  th <- polish(family, X1, y, th_raw, pen, a, b)
  bk <- from_std(th, m, dvec)
  eta <- drop(X1 %*% th)
  res <- list(
    feature_scale = sd_name,
    feature_scale_values = dvec,
    label_scale = if (family == "gaussian") label_scale else NULL,
    l1_weight = a, l2_weight = b,
    glmnet_call = call,
    glmnet_lambda_alpha_used = list(lambda = lg, alpha = ag),
    intercept = bk$intercept,
    coefficients = bk$beta,
    standardized_coefficients = th[-1],
    standardized_intercept = th[1],
    num_zero_coefficients = sum(th[-1] == 0),
    objective = objective(family, X1, y, th, pen, a, b),
    mean_loss = loss_parts(family, X1, y, th, hess = FALSE)$loss,
    kkt = kkt_check(family, X1, y, th, pen, a, b),
    glmnet_raw = list(intercept = raw_b0, coefficients = raw_beta,
                      objective = objective(family, X1, y, th_raw, pen, a, b),
                      kkt = kkt_check(family, X1, y, th_raw, pen, a, b),
                      npasses = r$npasses, jerr = r$jerr, warnings = I(r$warnings),
                      single_lambda_max_abs_diff_vs_path = max(abs(single - c(raw_b0, raw_beta)))),
    max_abs_change_vs_glmnet_raw = max(abs(c(bk$intercept, bk$beta) - c(raw_b0, raw_beta))))
  if (family == "binomial") {
    res$probabilities_first5 <- 1 / (1 + exp(-eta[1:5]))
  } else {
    res$predictions_first5 <- eta[1:5]
  }
  res$.eta <- eta
  res
}

strip_private <- function(v) { v$.eta <- NULL; v$.P <- NULL; v }

# ================================================================ case 1: binomial, breast_cancer
bc <- read_data("breast_cancer.csv")
bc_features <- setdiff(names(bc), "diagnosis")
bc_x <- as.matrix(bc[, bc_features]); storage.mode(bc_x) <- "double"
bc_y <- as.numeric(bc$diagnosis == "malignant")
bc_info <- std_info(bc_x)
bc_probs_for_metrics <- NULL

for (cfg in list(c(0.01, 0), c(0.01, 1), c(0.05, 0.5))) {
  lam <- cfg[1]; alpha <- cfg[2]
  cat("binomial breast_cancer lambda", lam, "alpha", alpha, "\n")
  vg <- fit_single("binomial", bc_x, bc_y, lam, alpha, bc_info$sd_pop, 1, "population sd (1/n)", TRUE)
  vs <- fit_single("binomial", bc_x, bc_y, lam, alpha, bc_info$sd_sample, 1, "sample sd (1/(n-1))", FALSE)
  vg$spark_equivalent <- "none (Spark LogisticRegression standardizes with the sample sd)"
  vs$spark_equivalent <- SPARK_LOGREG
  if (lam == 0.01 && alpha == 0) bc_probs_for_metrics <- 1 / (1 + exp(-vg$.eta))
  obj <- list(
    case = sprintf("binomial logistic regression, lambda=%s, alpha=%s", lam, alpha),
    dataset = file.path(data_dir, "breast_cancer.csv"),
    n = nrow(bc_x), features = bc_features,
    label = list(column = "diagnosis", encoding = "1 if diagnosis == \"malignant\" else 0",
                 positives = sum(bc_y)),
    params = list(family = "binomial", regParam = lam, elasticNetParam = alpha, fitIntercept = TRUE,
                  standardization = TRUE),
    convention = CONVENTION,
    feature_mean = bc_info$mean, feature_sd_population = bc_info$sd_pop, feature_sd_sample = bc_info$sd_sample,
    variants = list(glmnet = strip_private(vg), spark = strip_private(vs)),
    tools = tools_info, command = command)
  if (lam == 0.01 && alpha == 0) {
    obj$probabilities_all_rows_variant_glmnet <- bc_probs_for_metrics
    obj$probabilities_all_rows_variant_spark <- 1 / (1 + exp(-vs$.eta))
  }
  write_json(obj, sprintf("binomial_breast_cancer_lambda%s_alpha%s.json", lam, alpha))
}

# unregularized: R glm. breast_cancer is linearly separable, so the MLE does not exist; record what glm does.
cat("binomial breast_cancer unregularized glm\n")
glm_runs <- list()
for (mi in c(10, 15, 20, 25, 1000)) {
  warn <- character(0)
  g <- withCallingHandlers(
    glm(bc_y ~ bc_x, family = binomial, control = glm.control(epsilon = 1e-14, maxit = mi)),
    warning = function(w) { warn <<- c(warn, conditionMessage(w)); invokeRestart("muffleWarning") })
  glm_runs[[length(glm_runs) + 1]] <- list(
    maxit = mi, converged_flag = g$converged, iterations = g$iter, deviance = g$deviance,
    max_abs_coefficient = max(abs(coef(g)), na.rm = TRUE),
    misclassified_at_0.5 = sum((fitted(g) > 0.5) != bc_y), warnings = I(unique(warn)))
}
write_json(list(
  case = "binomial logistic regression, unregularized (R glm)",
  dataset = file.path(data_dir, "breast_cancer.csv"), n = nrow(bc_x), features = bc_features,
  label = list(column = "diagnosis", encoding = "1 if diagnosis == \"malignant\" else 0"),
  params = list(family = "binomial", regParam = 0, fitIntercept = TRUE),
  result = "NO REFERENCE: the data are linearly separable, so the unregularized maximum-likelihood estimate does not exist (deviance -> 0 as ||beta|| -> infinity). glm's IRLS drives the deviance below 2*log(2) (which proves every row is classified correctly, i.e. a separating hyperplane exists) and then breaks down numerically; with a large maxit it even reports converged=TRUE at a nonsense point (deviance above the null deviance, coefficients ~1e17). A Java test can only assert divergence / training log-loss -> 0, not coefficients.",
  null_deviance = 2 * sum(-(bc_y * log(mean(bc_y)) + (1 - bc_y) * log(1 - mean(bc_y)))),
  glm_runs = glm_runs,
  glm_call = "glm(y ~ x, family=binomial, control=glm.control(epsilon=1e-14, maxit=MAXIT))",
  tools = tools_info, command = command), "binomial_breast_cancer_unregularized_glm.json")

# ================================================================ case 2: multinomial
fit_multi <- function(x, yf, lam, alpha, dvec, sd_name, glmnet_native) {
  info <- std_info(x); m <- info$mean; n <- nrow(x); p <- ncol(x)
  classes <- levels(yf); K <- length(classes); yi <- as.integer(yf)
  xs <- standardize(x, m, dvec)
  X1 <- cbind(1, xs)
  a <- lam * alpha; b <- lam * (1 - alpha)
  pen <- rep(c(FALSE, rep(TRUE, p)), K)
  xin <- if (glmnet_native) x else xs
  r <- run_glmnet(xin, yf, "multinomial", alpha, lam, standardize = glmnet_native, type.multinomial = "ungrouped")
  a0 <- r$fit$a0[, r$last]
  B <- t(sapply(r$fit$beta, function(bm) as.numeric(bm[, r$last])))     # K x p
  if (glmnet_native) {
    raw_a0 <- a0; raw_B <- B
    Wraw <- cbind(a0 + drop(B %*% m), sweep(B, 2, dvec, "*"))
    raw_P5 <- predict(r$fit, newx = x[1:5, , drop = FALSE], s = lam, type = "response", exact = FALSE)[, , 1]
  } else {
    Wraw <- cbind(a0, B)
    raw_B <- sweep(B, 2, dvec, "/"); raw_a0 <- a0 - drop(raw_B %*% m)
    raw_P5 <- NULL
  }
  th_raw <- as.vector(t(Wraw))
  th <- polish("multinomial", X1, yi, th_raw, pen, a, b, K)
  W <- matrix(th, nrow = K, byrow = TRUE)
  Bo <- sweep(W[, -1, drop = FALSE], 2, dvec, "/"); a0o <- W[, 1] - drop(Bo %*% m)
  a0o <- a0o - mean(a0o)                  # center on the original scale, as glmnet's own output and Spark do
  raw_a0 <- raw_a0 - mean(raw_a0)         # (softmax is invariant to a common shift of the intercepts)
  E <- X1 %*% t(W); P <- softmax_rows(E)
  dimnames(Bo) <- NULL
  call <- if (glmnet_native)
    sprintf("glmnet(x, y, family=\"multinomial\", type.multinomial=\"ungrouped\", alpha=%s, lambda=%s * 10^seq(2, 0, length.out=%d), standardize=TRUE, intercept=TRUE, thresh=%g, maxit=%g); last path point", alpha, lam, PATH_LEN, THRESH, MAXIT)
  else
    sprintf("xs = (x - colMeans(x)) / sample sd; glmnet(xs, y, family=\"multinomial\", type.multinomial=\"ungrouped\", alpha=%s, lambda=%s * 10^seq(2, 0, length.out=%d), standardize=FALSE, intercept=TRUE, thresh=%g, maxit=%g); last path point; mapped back per class", alpha, lam, PATH_LEN, THRESH, MAXIT)
  res <- list(
    feature_scale = sd_name, feature_scale_values = dvec,
    l1_weight = a, l2_weight = b, glmnet_call = call,
    intercepts = a0o,
    intercepts_sum = sum(a0o),
    coefficient_matrix = Bo,
    coefficient_matrix_column_sums = colSums(Bo),
    num_zero_coefficients = sum(W[, -1] == 0),
    objective = objective("multinomial", X1, yi, th, pen, a, b, K),
    mean_loss = loss_parts("multinomial", X1, yi, th, K, hess = FALSE)$loss,
    kkt = kkt_check("multinomial", X1, yi, th, pen, a, b, K),
    probabilities_first5 = P[1:5, , drop = FALSE],
    glmnet_raw = list(intercepts = raw_a0, coefficient_matrix = unname(raw_B),
                      objective = objective("multinomial", X1, yi, th_raw, pen, a, b, K),
                      kkt = kkt_check("multinomial", X1, yi, th_raw, pen, a, b, K),
                      npasses = r$npasses, jerr = r$jerr, warnings = I(r$warnings),
                      predict_glmnet_probabilities_first5 = if (is.null(raw_P5)) NULL else unname(raw_P5)),
    max_abs_change_vs_glmnet_raw = max(abs(c(a0o, Bo) - c(raw_a0, raw_B))))
  res$.P <- P
  res
}

multi_case <- function(file, label_col, lam, alpha, out_name, keep_all_probs) {
  d <- read_data(file)
  feats <- setdiff(names(d), label_col)
  x <- as.matrix(d[, feats]); storage.mode(x) <- "double"
  yf <- factor(d[[label_col]])
  info <- std_info(x)
  cat("multinomial", file, "lambda", lam, "alpha", alpha, "\n")
  t0 <- proc.time()[["elapsed"]]
  vg <- fit_multi(x, yf, lam, alpha, info$sd_pop, "population sd (1/n)", TRUE)
  vs <- fit_multi(x, yf, lam, alpha, info$sd_sample, "sample sd (1/(n-1))", FALSE)
  vg$spark_equivalent <- "none (Spark LogisticRegression standardizes with the sample sd)"
  vs$spark_equivalent <- paste0(SPARK_LOGREG, "; family=\"multinomial\" (Spark centers the intercepts; classes must be matched by name, Spark's StringIndexer orders labels by frequency by default)")
  cat("  took", proc.time()[["elapsed"]] - t0, "s\n")
  obj <- list(
    case = sprintf("multinomial logistic regression (symmetric, ungrouped), lambda=%s, alpha=%s", lam, alpha),
    dataset = file.path(data_dir, file), n = nrow(x), features = feats,
    label = list(column = label_col,
                 encoding = "class index = position in 'classes' (R factor levels, i.e. sorted alphabetically); rows of coefficient_matrix, intercepts and probability columns follow this order",
                 classes = levels(yf), counts = as.vector(table(yf))),
    params = list(family = "multinomial", type.multinomial = "ungrouped", regParam = lam,
                  elasticNetParam = alpha, fitIntercept = TRUE, standardization = TRUE),
    convention = CONVENTION,
    parameterization = "symmetric: K intercepts and a K x p coefficient matrix (rows = classes, columns = features in 'features' order), all coefficients penalized. Intercepts are not identifiable (softmax is invariant to adding a constant to all intercepts); they are reported centered to sum 0 on the original scale, which is how glmnet(standardize=TRUE) returns them and how Spark reports them (intercepts_sum shows it). With alpha < 1 each feature's coefficients sum to 0 over classes at the optimum; with alpha = 1 they need not. Compare probabilities first: they are parameterization-independent.",
    feature_mean = info$mean, feature_sd_population = info$sd_pop, feature_sd_sample = info$sd_sample,
    variants = list(glmnet = strip_private(vg), spark = strip_private(vs)),
    tools = tools_info, command = command)
  if (keep_all_probs) {
    obj$probabilities_all_rows_variant_glmnet <- vg$.P
    obj$labels_all_rows <- as.character(yf)
  }
  write_json(obj, out_name)
}

multi_case("iris.csv", "species", 0.01, 0, "multinomial_iris_lambda0.01_alpha0.json", TRUE)
multi_case("iris.csv", "species", 0.01, 1, "multinomial_iris_lambda0.01_alpha1.json", FALSE)

# ================================================================ case 3: linear regression, diabetes
db <- read_data("diabetes.csv")
db_features <- setdiff(names(db), "progression")
db_x <- as.matrix(db[, db_features]); storage.mode(db_x) <- "double"
db_y <- db$progression
db_info <- std_info(db_x)

# OLS by R lm (QR)
cat("linear diabetes OLS lm\n")
ols <- lm(db_y ~ db_x)
ols_coef <- unname(coef(ols))
ols_pred <- unname(fitted(ols))
X1raw <- cbind(1, db_x)
write_json(list(
  case = "linear regression, ordinary least squares (R lm), no regularization, no standardization effect",
  dataset = file.path(data_dir, "diabetes.csv"), n = nrow(db_x), features = db_features,
  label = list(column = "progression", encoding = "as is (numeric)"),
  params = list(family = "gaussian", regParam = 0, fitIntercept = TRUE),
  intercept = ols_coef[1], coefficients = ols_coef[-1],
  coefficients_sprintf17g = sprintf("%.17g", ols_coef),
  objective_half_mse = sum(residuals(ols)^2) / (2 * nrow(db_x)),
  rss = sum(residuals(ols)^2),
  max_abs_gradient = max(abs(crossprod(X1raw, residuals(ols)))) / nrow(db_x),
  r_squared = summary(ols)$r.squared,
  sigma = summary(ols)$sigma,
  predictions_all_rows = ols_pred,
  labels_all_rows = db_y,
  lm_call = "lm(y ~ x)", tools = tools_info, command = command), "linear_diabetes_ols_lm.json")

for (alpha in c(0, 1, 0.5)) {
  lam <- 0.1
  cat("linear diabetes lambda", lam, "alpha", alpha, "\n")
  sy_pop <- pop_sd(db_y); sy_s <- sd(db_y)
  v <- list(
    glmnet = fit_single("gaussian", db_x, db_y, lam, alpha, db_info$sd_pop, sy_pop, "population sd (1/n)", TRUE),
    spark_lbfgs = fit_single("gaussian", db_x, db_y, lam, alpha, db_info$sd_sample, sy_s, "sample sd (1/(n-1))", FALSE),
    population_sd_unscaled_label = fit_single("gaussian", db_x, db_y, lam, alpha, db_info$sd_pop, 1,
                                              "population sd (1/n)", FALSE),
    sample_sd_unscaled_label = fit_single("gaussian", db_x, db_y, lam, alpha, db_info$sd_sample, 1,
                                          "sample sd (1/(n-1))", FALSE))
  v <- lapply(v, strip_private)
  v$spark_lbfgs$objective_internal_scale <- v$spark_lbfgs$objective / sy_s^2
  v$glmnet$objective_internal_scale <- v$glmnet$objective / sy_pop^2
  v$glmnet$spark_equivalent <- "LinearRegression(regParam, elasticNetParam, standardization=true, fitIntercept=true) with solver=\"normal\", or solver=\"auto\" (default) since numFeatures <= 4096: WeightedLeastSquares with standardizeLabel=true uses the population sd for features and label"
  v$spark_lbfgs$spark_equivalent <- "LinearRegression(..., standardization=true, fitIntercept=true, solver=\"l-bfgs\"): Summarizer.std = sample sd for features and label"
  v$population_sd_unscaled_label$spark_equivalent <- if (alpha == 1) "same as variant glmnet (alpha = 1)" else "none"
  v$sample_sd_unscaled_label$spark_equivalent <- if (alpha == 1) "same as variant spark_lbfgs (alpha = 1)" else "none"
  write_json(list(
    case = sprintf("linear regression, lambda=%s, alpha=%s", lam, alpha),
    dataset = file.path(data_dir, "diabetes.csv"), n = nrow(db_x), features = db_features,
    label = list(column = "progression", encoding = "as is (numeric)",
                 mean = mean(db_y), sd_population = sy_pop, sd_sample = sy_s),
    params = list(family = "gaussian", regParam = lam, elasticNetParam = alpha, fitIntercept = TRUE,
                  standardization = TRUE),
    convention = CONVENTION,
    gaussian_label_scaling = "glmnet and Spark both divide the L2 part of the penalty by sd(y); the L1 part is not affected. glmnet(x, y_raw, lambda, alpha, standardize=TRUE) already minimizes this label-scaled objective (verified by its KKT conditions): do not pre-standardize y for it. Variant 'glmnet' = glmnet as is (population sd) = Spark LinearRegression with solver normal/auto (<= 4096 features, WeightedLeastSquares, population sd for features and label). Variant 'spark_lbfgs' = Spark LinearRegression solver=l-bfgs (sample sd for features and label). The '*_unscaled_label' variants minimize (1/(2n))RSS + lambda*(alpha*||w||_1 + (1-alpha)/2*||w||^2) literally (no label scaling, no Spark equivalent unless alpha=1). For alpha=1: 'spark_lbfgs' == 'sample_sd_unscaled_label' and 'glmnet' == 'population_sd_unscaled_label'. objective_internal_scale = objective / sd(y)^2 is the value in the solver's label-standardized space (the scale of Spark's objectiveHistory).",
    feature_mean = db_info$mean, feature_sd_population = db_info$sd_pop, feature_sd_sample = db_info$sd_sample,
    variants = v, tools = tools_info, command = command),
    sprintf("linear_diabetes_lambda%s_alpha%s.json", lam, alpha))
}

# ================================================================ case 2 (slow): letter_recognition
multi_case("letter_recognition.csv", "lettr", 0.01, 0, "multinomial_letter_recognition_lambda0.01_alpha0.json", FALSE)

cat("done\n")
