// SPDX-License-Identifier: MIT
// Neuron::summary, the statistics of R's summary(glm(family = binomial)), checked three ways:
// against R itself on R's data sets (tests/data/glm_reference.txt and tests/data/glm/*.csv, written
// by tests/reference/glm_reference.R), aliased columns included; the standard errors against the
// inverse of a Hessian built by central differences of batch_gradients; and against the spread of
// refits in a parametric bootstrap.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <Eigen/Cholesky>

#include <cmath>
#include <cstddef>
#include <fstream>
#include <limits>
#include <locale>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using tinyneuron::FitStatus;
using tinyneuron::Loss;

/// One problem of glm_reference.txt, its per-parameter values in tinyneuron's order: the inputs
/// in the CSV's order, then the bias (R lists the intercept first). NaN where R says NA.
struct GlmReference {
    std::string name, csv;
    Eigen::Index rows = 0;
    std::vector<std::string> parameters; ///< R's names, in tinyneuron's order: "(Intercept)" last
    Eigen::VectorXd estimate, standard_error, z_value, p_value;
    double deviance = 0, null_deviance = 0, aic = 0;
    Eigen::Index rank = 0;
};

/// A number of the reference file, read in the classic locale; "NA" is NaN.
double number(const std::string &word) {
    if (word == "NA") {
        return std::numeric_limits<double>::quiet_NaN();
    }
    std::istringstream in(word);
    in.imbue(std::locale::classic());
    double value = 0;
    in >> value;
    REQUIRE((!in.fail() && in.eof()));
    return value;
}

/// The problems of glm_reference.txt, in the file's order (its format is written at its top).
std::vector<GlmReference> glm_references() {
    std::ifstream in(TINYNEURON_TEST_DATA_DIR "/glm_reference.txt");
    REQUIRE(in);
    std::vector<GlmReference> out;
    // The parameter lines of the problem being read, in R's order: the intercept first.
    std::vector<std::vector<std::string>> rows_in_r_order;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream words(line);
        std::string key;
        words >> key;
        std::vector<std::string> rest;
        for (std::string word; words >> word;) {
            rest.push_back(word);
        }
        INFO(line);
        if (key == "problem") {
            REQUIRE(rest.size() == 3);
            out.emplace_back();
            out.back().name = rest[0];
            out.back().csv = rest[1];
            out.back().rows = static_cast<Eigen::Index>(number(rest[2]));
            rows_in_r_order.clear();
            continue;
        }
        REQUIRE(!out.empty());
        GlmReference &r = out.back();
        if (key == "parameter") {
            REQUIRE(rest.size() == 5);
            rows_in_r_order.push_back(rest);
        } else if (key == "deviance" || key == "null_deviance" || key == "aic") {
            REQUIRE(rest.size() == 1);
            (key == "deviance" ? r.deviance : key == "null_deviance" ? r.null_deviance : r.aic) = number(rest[0]);
        } else if (key == "rank") {
            REQUIRE(rest.size() == 1);
            r.rank = static_cast<Eigen::Index>(number(rest[0]));
        } else if (key == "end") {
            // R's (Intercept), inputs... becomes inputs..., bias.
            REQUIRE(rows_in_r_order.size() >= 2);
            REQUIRE(rows_in_r_order.front()[0] == "(Intercept)");
            const auto n = static_cast<Eigen::Index>(rows_in_r_order.size());
            Eigen::VectorXd *columns[] = {&r.estimate, &r.standard_error, &r.z_value, &r.p_value};
            for (Eigen::VectorXd *column : columns) {
                column->resize(n);
            }
            for (Eigen::Index k = 0; k < n; ++k) {
                const auto &row = rows_in_r_order[static_cast<std::size_t>((k + 1) % n)];
                r.parameters.push_back(row[0]);
                for (std::size_t c = 0; c < 4; ++c) {
                    (*columns[c])(k) = number(row[c + 1]);
                }
            }
        } else {
            REQUIRE(key == "formula");
        }
    }
    REQUIRE(out.size() == 9);
    return out;
}

/// The CSV of a reference, checked against it: its rows, and its input columns named as R's parameters.
tinyneuron_test::Csv glm_data(const GlmReference &r) {
    auto d = tinyneuron_test::read_csv(TINYNEURON_TEST_DATA_DIR "/" + r.csv);
    REQUIRE(d.samples.rows() == r.rows);
    REQUIRE(d.columns.back() == "y");
    REQUIRE(d.columns.size() == r.parameters.size());
    for (std::size_t i = 0; i + 1 < d.columns.size(); ++i) {
        REQUIRE(d.columns[i] == r.parameters[i]);
    }
    return d;
}

GlmReference glm_reference(const std::string &name) {
    for (const auto &r : glm_references()) {
        if (r.name == name) {
            return r;
        }
    }
    FAIL("no problem " << name << " in glm_reference.txt");
    return {};
}

/// The neuron with all parameters 0, fitted to `d` with the default options (l2 = 0).
tinyneuron::Neuron<double> fitted(const tinyneuron_test::Csv &d, tinyneuron::FitResult<double> &result) {
    tinyneuron::Neuron<double> neuron(Eigen::VectorXd::Zero(d.samples.cols()), 0.0);
    result = neuron.fit(d.samples, d.targets);
    return neuron;
}

/// The flags as a word of 0s and 1s, e.g. "0010" (so that a failed comparison shows both).
std::string flags(const tinyneuron::ParameterFlags &aliased) {
    std::string out;
    for (const bool flag : aliased) {
        out += flag ? '1' : '0';
    }
    return out;
}

/// θ = (w, b), fit's order.
Eigen::VectorXd parameters(const tinyneuron::Neuron<double> &neuron) {
    Eigen::VectorXd theta(neuron.inputs() + 1);
    theta << neuron.weights(), neuron.bias();
    return theta;
}

/// The Hessian of the summed cross-entropy at `theta` by central differences of batch_gradients:
/// column j is [g(θ + h_j·e_j) − g(θ − h_j·e_j)] / 2h_j. h_j = 1e-4 / rms(column j) moves every
/// z_i = w·x_i + b by about 1e-4 whatever the column's units (1 for the bias), so the truncation
/// error, ~h²·g'''/6, is ~1e-9 of the column, and the rounding error of the sums, ~eps·Σ|terms|/h,
/// about 1e-11: both far below the 1e-6 compared.
Eigen::MatrixXd finite_difference_hessian(const Eigen::MatrixXd &samples, const Eigen::VectorXd &targets,
                                          const Eigen::VectorXd &theta) {
    const Eigen::Index k = theta.size() - 1;
    const auto gradient = [&](const Eigen::VectorXd &at) {
        const tinyneuron::Neuron<double> neuron(at.head(k), at(k));
        const auto g = neuron.batch_gradients(samples, targets, Loss::cross_entropy);
        Eigen::VectorXd out(k + 1);
        out << g.weights, g.bias;
        return out;
    };
    Eigen::MatrixXd hessian(k + 1, k + 1);
    for (Eigen::Index j = 0; j <= k; ++j) {
        const double rms = j < k ? std::sqrt(samples.col(j).squaredNorm() / static_cast<double>(samples.rows())) : 1.0;
        const double h = 1e-4 / rms;
        Eigen::VectorXd up = theta;
        Eigen::VectorXd down = theta;
        up(j) += h;
        down(j) -= h;
        hessian.col(j) = (gradient(up) - gradient(down)) / (2 * h);
    }
    return (hessian + hessian.transpose()) / 2; // symmetric up to the differences' errors
}

} // namespace

TEST_CASE("fit and summary match R's glm on R's data sets, aliased columns included", "[statistics][reference]") {
    for (const GlmReference &r : glm_references()) {
        DYNAMIC_SECTION(r.name) {
            const auto d = glm_data(r);
            tinyneuron::FitResult<double> result{};
            const auto neuron = fitted(d, result);
            REQUIRE(result.status == FitStatus::converged);

            const Eigen::Index p = d.samples.cols() + 1;
            const tinyneuron::ParameterFlags aliased = r.estimate.array().isNaN();
            CHECK(flags(result.aliased) == flags(aliased));

            const tinyneuron::Summary<double> s = neuron.summary(d.samples, d.targets);
            REQUIRE(s.estimate.size() == p);
            REQUIRE(s.standard_error.size() == p);
            REQUIRE(s.z_value.size() == p);
            REQUIRE(s.p_value.size() == p);
            CHECK(flags(s.aliased) == flags(aliased));
            CHECK(s.rank == r.rank);
            for (Eigen::Index j = 0; j < p; ++j) {
                INFO("parameter " << r.parameters[static_cast<std::size_t>(j)]);
                CHECK(s.estimate(j) == parameters(neuron)(j));
                if (aliased(j)) {
                    // fit holds an aliased weight at 0; it has no standard error.
                    CHECK(s.estimate(j) == 0.0);
                    CHECK(std::isnan(s.standard_error(j)));
                    CHECK(std::isnan(s.z_value(j)));
                    CHECK(std::isnan(s.p_value(j)));
                    continue;
                }
                // Near 0, an estimate is compared in units of its standard error, and z (itself in
                // those units) absolutely.
                CHECK_THAT(s.estimate(j),
                           WithinRel(r.estimate(j), 1e-7) || WithinAbs(r.estimate(j), 1e-7 * r.standard_error(j)));
                CHECK_THAT(s.standard_error(j), WithinRel(r.standard_error(j), 1e-6));
                CHECK_THAT(s.z_value(j), WithinRel(r.z_value(j), 1e-6) || WithinAbs(r.z_value(j), 1e-6));
                CHECK_THAT(s.p_value(j), WithinRel(r.p_value(j), 1e-5));
            }
            CHECK_THAT(s.deviance, WithinRel(r.deviance, 1e-10));
            CHECK_THAT(s.null_deviance, WithinRel(r.null_deviance, 1e-10));
            CHECK_THAT(s.aic, WithinRel(r.aic, 1e-10));
        }
    }
}

TEST_CASE("summary's standard errors are the square roots of the inverse Hessian's diagonal, by central differences",
          "[statistics][gradients]") {
    const GlmReference r = glm_reference("mtcars_am");
    const auto d = glm_data(r);
    tinyneuron::FitResult<double> result{};
    const auto neuron = fitted(d, result);
    REQUIRE(result.status == FitStatus::converged);

    const Eigen::MatrixXd hessian = finite_difference_hessian(d.samples, d.targets, parameters(neuron));
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(hessian);
    REQUIRE(ldlt.info() == Eigen::Success);
    REQUIRE(ldlt.isPositive());
    const Eigen::MatrixXd covariance = ldlt.solve(Eigen::MatrixXd::Identity(hessian.rows(), hessian.cols()));
    const Eigen::VectorXd standard_error = covariance.diagonal().cwiseSqrt();

    const tinyneuron::Summary<double> s = neuron.summary(d.samples, d.targets);
    REQUIRE(s.standard_error.size() == standard_error.size());
    for (Eigen::Index j = 0; j < standard_error.size(); ++j) {
        INFO("parameter " << r.parameters[static_cast<std::size_t>(j)]);
        // The differences themselves agree with R, so that this test checks summary, not itself.
        CHECK_THAT(standard_error(j), WithinRel(r.standard_error(j), 1e-6));
        CHECK_THAT(s.standard_error(j), WithinRel(standard_error(j), 1e-6));
    }
}

TEST_CASE("summary's standard errors match the spread of refits in a parametric bootstrap", "[statistics][bootstrap]") {
    // 400 rows of two standard normal inputs; targets drawn from σ(1·x1 − 0.5·x2 + 0.3).
    constexpr Eigen::Index rows = 400;
    constexpr int draws = 1000;
    std::mt19937_64 rng(20261207);
    Eigen::MatrixXd samples(rows, 2);
    for (Eigen::Index i = 0; i < rows; ++i) {
        for (Eigen::Index j = 0; j < 2; ++j) {
            samples(i, j) = tinyneuron::standard_normal(rng);
        }
    }
    const tinyneuron::Neuron<double> truth(Eigen::Vector2d(1.0, -0.5), 0.3);
    // A target of 1 with probability p: a uniform u in [0, 1) below p.
    const auto draw_targets = [&](const Eigen::VectorXd &p) {
        Eigen::VectorXd t(rows);
        for (Eigen::Index i = 0; i < rows; ++i) {
            t(i) = tinyneuron_test::uniform(rng, 0.0, 1.0) < p(i) ? 1.0 : 0.0;
        }
        return t;
    };
    const Eigen::VectorXd targets = draw_targets(truth.predict_batch(samples));

    tinyneuron::Neuron<double> neuron(Eigen::VectorXd::Zero(2), 0.0);
    REQUIRE(neuron.fit(samples, targets).status == FitStatus::converged);
    const tinyneuron::Summary<double> s = neuron.summary(samples, targets);
    REQUIRE(s.standard_error.size() == 3);

    // Refits to targets drawn from the fitted probabilities: their spread is what the standard
    // errors estimate.
    const Eigen::VectorXd fitted_p = neuron.predict_batch(samples);
    Eigen::MatrixXd estimates(draws, 3);
    for (int b = 0; b < draws; ++b) {
        const Eigen::VectorXd t = draw_targets(fitted_p);
        tinyneuron::Neuron<double> refit(Eigen::VectorXd::Zero(2), 0.0);
        REQUIRE(refit.fit(samples, t).status == FitStatus::converged);
        estimates.row(b) = parameters(refit).transpose();
    }
    const Eigen::RowVectorXd mean = estimates.colwise().mean();
    const Eigen::RowVectorXd sd =
        ((estimates.rowwise() - mean).colwise().squaredNorm() / static_cast<double>(draws - 1)).cwiseSqrt();

    // The tolerance, derived. The sample SD of B draws from a normal distribution has a relative
    // standard error of 1/√(2(B − 1)) ≈ 0.022 for B = 1000; 4 of those, 0.089, leave a chance of
    // about 1e-4 of a false alarm. The standard errors are asymptotic: at 400 rows the refits'
    // true spread differs from them by terms of order 1/n relative to the standard error times
    // the curvature, and their slightly heavy tails widen the sample SD's own error; 5 per cent
    // covers both. Whatever the outcome, it is the same on every run: every draw comes from
    // the seeded engine through our own mappings.
    const double tolerance = 4.0 / std::sqrt(2.0 * (draws - 1)) + 0.05;
    for (Eigen::Index j = 0; j < 3; ++j) {
        INFO("parameter " << (j < 2 ? "w" + std::to_string(j + 1) : std::string("b")) << ": bootstrap SD " << sd(j)
                          << ", standard error " << s.standard_error(j));
        CHECK_THAT(sd(j), WithinRel(s.standard_error(j), tolerance));
    }
}
