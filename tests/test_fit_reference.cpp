// SPDX-License-Identifier: MIT
// Neuron::fit against an independent reference: the optima in tests/data/fit_optima.txt, found by
// tests/reference/fit_reference.py (its own Newton's method in NumPy, agreeing with scikit-learn's
// newton-cholesky to 1e-13), on the 8 points, breast cancer as published and standardized, iris
// versicolor against virginica (not separable), digits 3 against 8 (64 columns) and 20,000 × 16
// synthetic rows. With the default options, from the zero neuron and from a random start: the
// objective within 1e-13 of the optimum, the weights within 1e-8, the bias within 1e-5. And
// separable data, one class included, ends no_minimum in a few steps.
#include "catch_compat.hpp"
#include "reference/synthetic.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <cmath>
#include <cstddef>
#include <fstream>
#include <locale>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using tinyneuron::FitStatus;
using tinyneuron::Loss;

struct Reference {
    std::string name, source;
    double l2 = 0, objective = 0, bias = 0;
    Eigen::VectorXd weights;
};

/// The lines of fit_optima.txt: name, source, l2, objective, bias, weights, read as doubles.
std::vector<Reference> references() {
    std::ifstream in(TINYNEURON_TEST_DATA_DIR "/fit_optima.txt");
    REQUIRE(in);
    std::vector<Reference> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream words(line);
        words.imbue(std::locale::classic());
        Reference r;
        words >> r.name >> r.source >> r.l2 >> r.objective >> r.bias;
        std::vector<double> w;
        for (double v = 0; words >> v;) {
            w.push_back(v);
        }
        r.weights = Eigen::Map<Eigen::VectorXd>(w.data(), static_cast<Eigen::Index>(w.size()));
        REQUIRE(words.eof());
        out.push_back(r);
    }
    REQUIRE(out.size() == 9);
    return out;
}

/// The data a reference names: the tutorial's points, a CSV of tests/data (standardized:
/// each column less its mean, over its population standard deviation), or the synthetic set.
tinyneuron_test::Csv data(const std::string &source) {
    tinyneuron_test::Csv d;
    if (source == "tutorial") {
        d.samples = tinyneuron_test::tutorial_samples<double>();
        d.targets = tinyneuron_test::tutorial_targets<double>();
    } else if (source.rfind("synthetic:", 0) == 0) {
        const auto set = tinyneuron_test::synthetic_set(20000, 16, 2026);
        d.samples = set.samples;
        d.targets = set.targets;
    } else {
        const std::string file = source.substr(0, source.find(':'));
        d = tinyneuron_test::read_csv(TINYNEURON_TEST_DATA_DIR "/" + file);
        if (source.find(":standardized") != std::string::npos) {
            const Eigen::RowVectorXd mean = d.samples.colwise().mean();
            d.samples.rowwise() -= mean;
            const Eigen::RowVectorXd sd =
                (d.samples.colwise().squaredNorm() / static_cast<double>(d.samples.rows())).cwiseSqrt();
            d.samples = d.samples.array().rowwise() / sd.array();
        }
    }
    return d;
}

/// Within `rel` of the reference, relative to the largest of the reference weights.
bool near(const Eigen::VectorXd &got, const Eigen::VectorXd &expected, double rel) {
    return got.size() == expected.size() &&
           (got - expected).cwiseAbs().maxCoeff() <= rel * expected.cwiseAbs().maxCoeff();
}

} // namespace

TEST_CASE("fit reaches the reference optima of real and synthetic data from two starts", "[fit][reference]") {
    for (const Reference &r : references()) {
        const bool squared = r.name.find("squared_error") != std::string::npos;
        if (squared && r.name.find("floor") == std::string::npos) {
            continue; // the second minimum: the next test
        }
        INFO(r.name);
        const auto d = data(r.source);
        const tinyneuron::FitOptions<double> options =
            tinyneuron_test::fit_options<double>().loss(squared ? Loss::squared_error : Loss::cross_entropy).l2(r.l2);
        std::mt19937_64 rng(20261202);
        // From the zero neuron, and (for the convex cross-entropy) from a standard normal start.
        std::vector<tinyneuron::Neuron<double>> starts{
            tinyneuron::Neuron<double>(Eigen::VectorXd::Zero(d.samples.cols()), 0.0)};
        if (!squared) {
            starts.push_back(tinyneuron::Neuron<double>::random(d.samples.cols(), rng));
        }
        for (auto &neuron : starts) {
            const auto result = neuron.fit(d.samples, d.targets, options);
            CHECK(result.status == FitStatus::converged);
            // Closer than the issue asks (the objective within 1e-9, the weights within 1e-5), as Newton's
            // quadratic convergence gives it.
            CHECK_THAT(result.objective, Catch::Matchers::WithinRel(r.objective, 1e-13));
            CHECK(near(neuron.weights(), r.weights, 1e-8));
            CHECK_THAT(neuron.bias(), Catch::Matchers::WithinRel(r.bias, 1e-5) ||
                                          Catch::Matchers::WithinAbs(r.bias, 1e-5 * r.weights.cwiseAbs().maxCoeff()));
        }
    }
}

TEST_CASE("fit ends no_minimum in a few steps on real data that a line separates", "[fit][reference][no_minimum]") {
    // Without a penalty, breast cancer (as published and standardized) and digits 3 against 8 are
    // separable; so is any one-class set. Digits has columns that are 0 in every row, so its
    // Hessian is singular too.
    for (const char *source : {"breast_cancer.csv", "breast_cancer.csv:standardized", "digits_3_8.csv"}) {
        for (bool one_class : {false, true}) {
            INFO(source << (one_class ? ", every target 1" : ""));
            auto d = data(source);
            if (one_class) {
                d.targets.setOnes();
            }
            tinyneuron::Neuron<double> neuron(Eigen::VectorXd::Zero(d.samples.cols()), 0.0);
            const auto result = neuron.fit(d.samples, d.targets);
            CHECK(result.status == FitStatus::no_minimum);
            CHECK(result.iterations <= 20);
            CHECK(neuron.accuracy(d.samples, d.targets) == 1.0);
            CHECK(neuron.weights().allFinite());
        }
    }
}

TEST_CASE("fit stays in the squared error's second minimum from a start beside it", "[fit][reference]") {
    // The squared error on the 8 points is not convex: beside its floor, 1.8838, it has a local
    // minimum, 2.3983, that a fit from nearby reaches and stays in.
    for (const Reference &r : references()) {
        if (r.name != "eight_points_squared_error_second") {
            continue;
        }
        tinyneuron::Neuron<double> neuron(Eigen::Vector2d(r.weights(0) + 0.05, r.weights(1) - 0.05), r.bias + 0.05);
        const auto d = data("tutorial");
        const auto result =
            neuron.fit(d.samples, d.targets, tinyneuron_test::fit_options<double>().loss(Loss::squared_error));
        CHECK(result.status == FitStatus::converged);
        CHECK_THAT(result.objective, Catch::Matchers::WithinRel(r.objective, 1e-13));
        CHECK(near(neuron.weights(), r.weights, 1e-8));
        CHECK_THAT(neuron.bias(), Catch::Matchers::WithinRel(r.bias, 1e-8));
    }
}
