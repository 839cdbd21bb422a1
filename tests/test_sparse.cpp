// SPDX-License-Identifier: MIT
// Sparse samples and fit's Hessian-free steps (issue 27), through the public API: hessian_product
// against the Hessian formed by central differences of batch_gradients, on dense samples and on
// sparse ones of both storage orders and a Map of one; every member that takes samples gives on a
// sparse matrix what it gives on the same values dense, and refuses the same bad values with the
// same message; fits by both methods on dense and sparse copies agree to 1e-10 and with the NumPy
// reference's optimum of breast cancer; separable and quasi-separated data end no_minimum by both
// methods; the Hessian-free steps reach the 8 points' optima in every scalar type; a nonsense
// method is refused.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <Eigen/SparseCore>
#include <tinyneuron/neuron.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace {

using tinyneuron::FitMethod;
using tinyneuron::FitStatus;
using tinyneuron::Loss;
using Neuron = tinyneuron::Neuron<double>;
using RowSparse = Eigen::SparseMatrix<double, Eigen::RowMajor>;
using ColSparse = Eigen::SparseMatrix<double, Eigen::ColMajor>;

/// 60 rows × 7 inputs, two in three values 0, the rest standard normal; targets from a logistic model (not
/// separable), some fractional.
struct SparseData {
    Eigen::MatrixXd dense;
    Eigen::VectorXd targets;
    SparseData() : dense(Eigen::MatrixXd::Zero(60, 7)), targets(60) {
        std::mt19937_64 rng(27);
        for (Eigen::Index i = 0; i < dense.rows(); ++i) {
            for (Eigen::Index j = 0; j < dense.cols(); ++j) {
                if (tinyneuron::uniform_index(rng, 3) == 0) {
                    dense(i, j) = tinyneuron::standard_normal(rng);
                }
            }
            const double p = tinyneuron::sigmoid(dense.row(i).sum() * 0.7 - 0.3);
            targets(i) = i % 10 == 0 ? 0.25 : static_cast<double>(tinyneuron::uniform_index(rng, 1000)) / 1000 < p;
        }
    }
};

Eigen::VectorXd theta(const Neuron &n) {
    Eigen::VectorXd out(n.inputs() + 1);
    out << n.weights(), n.bias();
    return out;
}

} // namespace

TEST_CASE("hessian_product is the Hessian of batch_gradients' central differences, dense and sparse",
          "[sparse][hessian]") {
    const SparseData d;
    const RowSparse rows = d.dense.sparseView();
    const ColSparse cols = d.dense.sparseView();
    const Eigen::Map<const RowSparse> mapped(rows.rows(), rows.cols(), rows.nonZeros(), rows.outerIndexPtr(),
                                             rows.innerIndexPtr(), rows.valuePtr());
    const Neuron at(Eigen::VectorXd::LinSpaced(7, -0.4, 0.5), 0.2);
    const Eigen::Index p = 8;
    for (Loss loss : {Loss::cross_entropy, Loss::squared_error}) {
        INFO(tinyneuron_test::loss_name(loss));
        // H by central differences of the gradient: truncation ~h², rounding ~ε/h, both below 1e-7 relative.
        const double h = 1e-5;
        Eigen::MatrixXd hessian(p, p);
        for (Eigen::Index j = 0; j < p; ++j) {
            const Eigen::VectorXd step = h * Eigen::VectorXd::Unit(p, j);
            const auto gradient = [&](const Eigen::VectorXd &th) {
                const auto g = Neuron(th.head(7), th(7)).batch_gradients(d.dense, d.targets, loss);
                Eigen::VectorXd out(p);
                out << g.weights, g.bias;
                return out;
            };
            hessian.col(j) = (gradient(theta(at) + step) - gradient(theta(at) - step)) / (2 * h);
        }
        const Neuron::Gradients v{Eigen::VectorXd::LinSpaced(7, 1.0, -2.0), 0.75};
        Eigen::VectorXd v_full(p);
        v_full << v.weights, v.bias;
        const Eigen::VectorXd expected = hessian * v_full;
        const auto check = [&](const Neuron::Gradients &got) {
            Eigen::VectorXd g(p);
            g << got.weights, got.bias;
            CHECK((g - expected).norm() <= 1e-7 * expected.norm());
        };
        check(at.hessian_product(d.dense, d.targets, loss, v));
        check(at.hessian_product(rows, d.targets, loss, v));
        check(at.hessian_product(cols, d.targets, loss, v));
        check(at.hessian_product(mapped, d.targets, loss, v));
        // Linear in v: H·(2v) = 2·H·v exactly (products by 2 round nothing).
        const auto twice = at.hessian_product(rows, d.targets, loss, Neuron::Gradients{2 * v.weights, 2 * v.bias});
        const auto once = at.hessian_product(rows, d.targets, loss, v);
        CHECK(twice.weights == 2 * once.weights);
        CHECK(twice.bias == 2 * once.bias);
    }
}

TEST_CASE("every member that takes samples gives on a sparse matrix what it gives on the same values dense",
          "[sparse]") {
    const SparseData d;
    const RowSparse rows = d.dense.sparseView();
    const ColSparse cols = d.dense.sparseView();
    const Neuron n(Eigen::VectorXd::LinSpaced(7, -0.4, 0.5), 0.2);
    const auto same = [&](const auto &x) {
        // Sums in another order round differently: to a few ε of the dense result.
        CHECK(n.predict_batch(x).isApprox(n.predict_batch(d.dense), 1e-14));
        for (Loss loss : {Loss::cross_entropy, Loss::squared_error}) {
            CHECK_THAT(n.error(x, d.targets, loss),
                       Catch::Matchers::WithinRel(n.error(d.dense, d.targets, loss), 1e-14));
            CHECK_THAT(n.objective(x, d.targets, loss, 0.01),
                       Catch::Matchers::WithinRel(n.objective(d.dense, d.targets, loss, 0.01), 1e-14));
            const auto g = n.batch_gradients(x, d.targets, loss);
            const auto expected = n.batch_gradients(d.dense, d.targets, loss);
            CHECK(g.weights.isApprox(expected.weights, 1e-13));
            CHECK_THAT(g.bias, Catch::Matchers::WithinRel(expected.bias, 1e-13));
        }
        CHECK(n.accuracy(x, d.targets) == n.accuracy(d.dense, d.targets));
    };
    same(rows);
    same(cols);
}

TEST_CASE("sparse samples are refused as dense ones are, with the same messages, and nothing changes",
          "[sparse][bad]") {
    const SparseData d;
    const auto message = [](const auto &call) -> std::string {
        try {
            call();
        } catch (const std::invalid_argument &e) {
            return e.what();
        }
        return "no exception";
    };
    Eigen::MatrixXd bad = d.dense;
    bad(41, 3) = std::numeric_limits<double>::quiet_NaN(); // a stored value: the dense one is nonzero there too
    bad(17, 5) = std::numeric_limits<double>::infinity();
    const RowSparse bad_rows = bad.sparseView();
    const ColSparse bad_cols = bad.sparseView();
    Neuron n(Eigen::VectorXd::Constant(7, 0.1), 0.0);
    const std::string expected = "tinyneuron::Neuron::fit: samples at row 41, column 3 is nan, expected a finite value";
    // NaN and ∞ in columns 3 and 5: column by column, the NaN is named first, as in the dense matrix
    CHECK(message([&] { n.fit(bad, d.targets); }) == expected);
    CHECK(message([&] { n.fit(bad_rows, d.targets); }) == expected);
    CHECK(message([&] { n.fit(bad_cols, d.targets); }) == expected);
    CHECK(message([&] { n.error(bad_rows, d.targets); }) ==
          "tinyneuron::Neuron::error: samples at row 41, column 3 is nan, expected a finite value");
    CHECK(message([&] { n.predict_batch(bad_cols); }) == message([&] { n.predict_batch(bad); }));
    const RowSparse narrow = d.dense.leftCols(6).sparseView();
    CHECK(message([&] { n.predict_batch(narrow); }) ==
          "tinyneuron::Neuron::predict_batch: samples have 6 columns, expected 7 (one per input, one sample per row)");
    CHECK(message([&] { n.batch_gradients(RowSparse(d.dense.sparseView()), d.targets.head(59)); }) ==
          "tinyneuron::Neuron::batch_gradients: targets have 59 values, expected 60 (one per row of samples)");
    const Neuron::Gradients short_direction{Eigen::VectorXd::Zero(6), 0.0};
    CHECK(message([&] {
              n.hessian_product(RowSparse(d.dense.sparseView()), d.targets, Loss::cross_entropy, short_direction);
          }) == "tinyneuron::Neuron::hessian_product: direction has 6 weights, expected 7");
    Neuron::Gradients nan_direction{Eigen::VectorXd::Zero(7), 0.0};
    nan_direction.weights(2) = std::numeric_limits<double>::quiet_NaN();
    CHECK(message([&] { n.hessian_product(d.dense, d.targets, Loss::cross_entropy, nan_direction); }) ==
          "tinyneuron::Neuron::hessian_product: direction weights[2] is nan, expected a finite value");
    const Neuron::Gradients infinite_bias{Eigen::VectorXd::Zero(7), std::numeric_limits<double>::infinity()};
    CHECK(message([&] { n.hessian_product(d.dense, d.targets, Loss::cross_entropy, infinite_bias); }) ==
          "tinyneuron::Neuron::hessian_product: direction bias is inf, expected a finite value");
    CHECK(theta(n) == theta(Neuron(Eigen::VectorXd::Constant(7, 0.1), 0.0)));
}

TEST_CASE("fit by both methods on dense and sparse copies of the same data reaches one optimum", "[sparse][fit]") {
    // Breast cancer standardized, l2 as scikit-learn's C = 1, with its optimum from tests/reference (NumPy),
    // and the sparse test data with a fractional target, both losses.
    auto cancer = tinyneuron_test::read_csv(TINYNEURON_TEST_DATA_DIR "/breast_cancer.csv");
    const Eigen::RowVectorXd mean = cancer.samples.colwise().mean();
    cancer.samples.rowwise() -= mean;
    const Eigen::RowVectorXd sd =
        (cancer.samples.colwise().squaredNorm() / static_cast<double>(cancer.samples.rows())).cwiseSqrt();
    cancer.samples = cancer.samples.array().rowwise() / sd.array();
    const double reference = 37.758945961875966; // tests/data/fit_optima.txt, breast_cancer_standardized
    const double l2 = 1.0 / (2.0 * static_cast<double>(cancer.samples.rows()));
    const SparseData d;
    struct Case {
        const Eigen::MatrixXd *x;
        const Eigen::VectorXd *t;
        Loss loss;
        double l2;
    };
    for (const Case &c : {Case{&cancer.samples, &cancer.targets, Loss::cross_entropy, l2},
                          Case{&d.dense, &d.targets, Loss::cross_entropy, 0.0},
                          Case{&d.dense, &d.targets, Loss::squared_error, 0.01}}) {
        INFO(c.x->rows() << " rows, " << tinyneuron_test::loss_name(c.loss) << ", l2 " << c.l2);
        const RowSparse rows = c.x->sparseView();
        const ColSparse cols = c.x->sparseView();
        double first = 0;
        for (FitMethod method : {FitMethod::factorised, FitMethod::hessian_free, FitMethod::automatic}) {
            const auto options = tinyneuron_test::fit_options<double>().loss(c.loss).l2(c.l2).method(method);
            Neuron dense(Eigen::VectorXd::Zero(c.x->cols()), 0.0);
            Neuron by_rows = dense;
            Neuron by_cols = dense;
            const auto r = dense.fit(*c.x, *c.t, options);
            const auto rr = by_rows.fit(rows, *c.t, options);
            const auto rc = by_cols.fit(cols, *c.t, options);
            for (const auto &result : {r, rr, rc}) {
                CHECK(result.status == FitStatus::converged);
                first = first == 0 ? result.objective : first;
                CHECK_THAT(result.objective, Catch::Matchers::WithinRel(first, 1e-10));
                CHECK((result.aliased == false).all());
            }
            CHECK(theta(by_rows).isApprox(theta(dense), 1e-6));
            CHECK(theta(by_cols).isApprox(theta(dense), 1e-6));
            if (c.x == &cancer.samples) {
                CHECK_THAT(r.objective, Catch::Matchers::WithinRel(reference, 1e-12));
            }
        }
    }
}

TEST_CASE("fit ends no_minimum on separable sparse data, by either method", "[sparse][fit][no_minimum]") {
    // Target 1 exactly where input 0 is positive: the direction (1, 0, …; 0) separates the rows.
    const SparseData d;
    Eigen::MatrixXd x = d.dense;
    Eigen::VectorXd t(x.rows());
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        x(i, 0) = i % 2 == 0 ? 1.0 + 0.01 * static_cast<double>(i) : -1.0;
        t(i) = i % 2 == 0 ? 1.0 : 0.0;
    }
    const RowSparse rows = x.sparseView();
    for (FitMethod method : {FitMethod::factorised, FitMethod::hessian_free}) {
        Neuron n(Eigen::VectorXd::Zero(7), 0.0);
        const auto r = n.fit(rows, t, tinyneuron_test::fit_options<double>().method(method));
        CHECK(r.status == FitStatus::no_minimum);
        CHECK(r.separated_rows == 60);
        CHECK(n.accuracy(rows, t) == 1.0);
    }
}

TEST_CASE("the Hessian-free steps end no_minimum on quasi-separated data, as the factorised ones do",
          "[sparse][fit][no_minimum]") {
    // tinyneuron_test::Mtcars (unscaled inputs, disp to 472): the Hessian-free step is solved closely and projected
    // off the plane's rows by conjugate gradients before it is certified.
    const tinyneuron_test::Mtcars cars;
    const Eigen::MatrixXd &x = cars.samples;
    const Eigen::VectorXd &t = cars.targets;
    const RowSparse rows = x.sparseView();
    for (FitMethod method : {FitMethod::factorised, FitMethod::hessian_free}) {
        Neuron dense(Eigen::VectorXd::Zero(2), 0.0);
        Neuron sparse = dense;
        const auto options = tinyneuron_test::fit_options<double>().method(method);
        for (const auto &r : {dense.fit(x, t, options), sparse.fit(rows, t, options)}) {
            CHECK(r.status == FitStatus::no_minimum);
            CHECK(r.separated_rows == 20);
        }
    }
}

TEMPLATE_TEST_CASE("the Hessian-free steps reach the 8 points' optima in every scalar type", "[sparse][fit][optimum]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    const double rel = std::is_same<T, float>::value ? 1e-6 : 1e-12;
    const Eigen::Matrix<T, Eigen::Dynamic, 1> t = tinyneuron_test::tutorial_targets<T>();
    const Eigen::SparseMatrix<T, Eigen::RowMajor> rows = tinyneuron_test::tutorial_samples<T>().sparseView();
    for (const tinyneuron_test::Optimum &o : tinyneuron_test::eight_point_optima) {
        INFO(tinyneuron_test::loss_name(o.loss) << ", " << tinyneuron_test::type_name<T>());
        const tinyneuron::FitOptions<T> options =
            tinyneuron_test::fit_options<T>().loss(o.loss).method(FitMethod::hessian_free);
        // (Sparse only: each further type of samples compiles fit again for every scalar type.)
        tinyneuron::Neuron<T> n(Eigen::Matrix<T, Eigen::Dynamic, 1>::Zero(2), T(0));
        const auto r = n.fit(rows, t, options);
        CHECK(r.status == FitStatus::converged);
        CHECK_THAT(static_cast<double>(r.objective), Catch::Matchers::WithinRel(o.objective, rel));
        CHECK_THAT(static_cast<double>(n.bias()), Catch::Matchers::WithinRel(o.b, std::sqrt(rel)));
    }
}

TEST_CASE("fit refuses a method that is not a FitMethod", "[sparse][fit][bad]") {
    const SparseData d;
    Neuron n(Eigen::VectorXd::Zero(7), 0.0);
    auto options = tinyneuron::FitOptions<double>{};
    options.method = static_cast<FitMethod>(7);
    REQUIRE_THROWS_WITH(n.fit(d.dense, d.targets, options),
                        "tinyneuron::Neuron::fit: method is 7, expected FitMethod::automatic, FitMethod::factorised or "
                        "FitMethod::hessian_free");
    CHECK(theta(n) == Eigen::VectorXd::Zero(8));
}
