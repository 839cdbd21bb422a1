// SPDX-License-Identifier: MIT
// predict_batch and error read samples larger than the cache in blocks of rows (issue 4). The
// blocks must not show: the results keep the bits of one product over all rows, and a bad value
// is reported at its row and column in all of the samples, not in its block.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using tinyneuron::Neuron;
using tinyneuron_test::contains;
using tinyneuron_test::same_bits;

namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// 1,100,003 rows of 4 doubles: 35 MB, beyond the 32 MiB from which the samples are blocked,
/// and a row count that leaves an uneven last block.
RowMajor large_samples() {
    std::mt19937_64 rng(11);
    RowMajor x(1100003, 4);
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        for (Eigen::Index c = 0; c < x.cols(); ++c) {
            x(r, c) = tinyneuron_test::uniform(rng, -3.0, 3.0);
        }
    }
    return x;
}

} // namespace

TEST_CASE("large batches give the bits of one product over all rows", "[predict][error][large]") {
    const RowMajor x = large_samples();
    const Neuron<double> neuron(Eigen::Vector4d(0.75, -1.25, 0.5, 2.0), -0.125);
    Eigen::VectorXd t(x.rows());
    for (Eigen::Index i = 0; i < t.size(); ++i) {
        t(i) = static_cast<double>(i % 2);
    }

    // The reference: one Eigen product over all rows, then σ; the error summed in row order.
    Eigen::VectorXd z = x * neuron.weights();
    Eigen::VectorXd expected(x.rows());
    double expected_error = 0.0;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        expected(i) = tinyneuron::sigmoid(z(i) + neuron.bias());
        const double diff = expected(i) - t(i);
        const double square = diff * diff;
        expected_error += square;
    }
    const Eigen::VectorXd predictions = neuron.predict_batch(x);
    CHECK(same_bits(predictions, expected));
    CHECK(same_bits(neuron.error(x, t), expected_error));
    // Column-major samples are blocked too (as strided blocks), against their own product.
    const Eigen::MatrixXd column_major = x;
    const Eigen::VectorXd z_columns = column_major * neuron.weights();
    const Eigen::VectorXd expected_columns =
        (z_columns.array() + neuron.bias()).unaryExpr([](double v) { return tinyneuron::sigmoid(v); });
    CHECK(same_bits(neuron.predict_batch(column_major), expected_columns));
}

TEST_CASE("a bad value in a later block is named at its row in all the samples", "[predict][error][large][bad]") {
    RowMajor x = large_samples();
    const Neuron<double> neuron(Eigen::Vector4d(0.75, -1.25, 0.5, 2.0), -0.125);
    const Eigen::VectorXd t = Eigen::VectorXd::Zero(x.rows());
    x(1000001, 2) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(neuron.predict_batch(x), contains("tinyneuron::Neuron::predict_batch: samples at row 1000001, "
                                                        "column 2 is nan"));
    CHECK_THROWS_WITH(neuron.error(x, t), contains("tinyneuron::Neuron::error: samples at row 1000001, column 2"));

    // Finite values whose w·x is inf - inf: an overflow_error naming the row.
    const double big = std::numeric_limits<double>::max() / 4.0;
    const Neuron<double> huge(Eigen::Vector4d(big, big, 0.0, 0.0), 0.0);
    x(1000001, 2) = 0.0;
    x.row(1099999) << big, -big, 0.0, 0.0;
    // Small products in every other row, so that only row 1099999 overflows.
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        if (r != 1099999) {
            x.row(r) << 1e-300, 1e-300, 0.0, 0.0;
        }
    }
    CHECK_THROWS_AS(huge.predict_batch(x), std::overflow_error);
    CHECK_THROWS_WITH(huge.predict_batch(x), contains("w·x of samples row 1099999 overflowed"));
    CHECK_THROWS_WITH(huge.error(x, t), contains("w·x of samples row 1099999 overflowed"));
}

TEST_CASE("fit reads large samples in blocks and reaches the optimum of the data they repeat", "[fit][large]") {
    // Every row repeated k times multiplies the objective by k (its penalty n·l2·‖w‖² too), so
    // the optimum θ is the same: the blocks of the large copy must not move it.
    std::mt19937_64 rng(23);
    const Eigen::Index n = 2000;
    const Eigen::Index k = 200; // 400,000 rows of 12 doubles: 38 MB
    RowMajor x(n, 12);
    Eigen::VectorXd t(n);
    for (Eigen::Index r = 0; r < n; ++r) {
        for (Eigen::Index c = 0; c < x.cols(); ++c) {
            x(r, c) = tinyneuron_test::uniform(rng, -2.0, 2.0);
        }
        // A noisy linear rule, so that no line separates the classes.
        t(r) = x(r, 0) - 0.5 * x(r, 3) + tinyneuron_test::uniform(rng, -1.5, 1.5) > 0.0 ? 1.0 : 0.0;
    }
    RowMajor large(n * k, 12);
    Eigen::VectorXd large_t(n * k);
    for (Eigen::Index copy = 0; copy < k; ++copy) {
        large.middleRows(copy * n, n) = x;
        large_t.segment(copy * n, n) = t;
    }
    tinyneuron::FitOptions<double> o;
    o.l2 = 1e-3;
    Neuron<double> small_fit(Eigen::VectorXd::Zero(12), 0.0);
    Neuron<double> large_fit(Eigen::VectorXd::Zero(12), 0.0);
    const auto a = small_fit.fit(x, t, o);
    const auto b = large_fit.fit(large, large_t, o);
    REQUIRE(a.status == tinyneuron::FitStatus::converged);
    CHECK(b.status == tinyneuron::FitStatus::converged);
    CHECK_THAT(b.objective, Catch::Matchers::WithinRel(static_cast<double>(k) * a.objective, 1e-12));
    CHECK(large_fit.weights().isApprox(small_fit.weights(), 1e-9));
    CHECK_THAT(large_fit.bias(), Catch::Matchers::WithinRel(small_fit.bias(), 1e-9));
    CHECK(b.objective == large_fit.objective(large, large_t, tinyneuron::Loss::cross_entropy, 1e-3));
}

TEST_CASE("fixed-size data too large for the stack gives the results of the same data of dynamic size",
          "[error][train][large]") {
    // 20,000 × 3 doubles known at compile time: the products buffer, and an expression's copy,
    // would take 160 KB and 480 KB of stack (Eigen refuses fixed sizes over 128 KiB at compile
    // time); above 8 KiB they go to the heap, so this compiles and matches the dynamic data.
    std::mt19937_64 rng(4);
    Eigen::MatrixXd dynamic_x(20000, 3);
    Eigen::VectorXd dynamic_t(20000);
    for (Eigen::Index r = 0; r < dynamic_x.rows(); ++r) {
        dynamic_x.row(r) = tinyneuron_test::uniform_vector<double, 3>(rng, 3, -2, 2).transpose();
        dynamic_t(r) = dynamic_x(r, 0) > 0 ? 1.0 : 0.0;
    }
    const Eigen::Map<const Eigen::Matrix<double, 20000, 3>> x(dynamic_x.data());
    const Eigen::Map<const Eigen::Matrix<double, 20000, 1>> t(dynamic_t.data());
    const Neuron<double, 3> neuron(Eigen::Vector3d(0.5, -0.25, 0.125), 0.1);
    using tinyneuron::Loss;
    CHECK(same_bits(neuron.error(x, t * 0.5, Loss::cross_entropy),
                    neuron.error(dynamic_x, dynamic_t * 0.5, Loss::cross_entropy)));
    // Xᵀs: Eigen's product takes another kernel for a fixed row count, summing in another order.
    const Eigen::Vector3d fixed_gradient = neuron.batch_gradients(x * 2.0, t).weights;
    CHECK(fixed_gradient.isApprox(neuron.batch_gradients(dynamic_x * 2.0, dynamic_t).weights, 1e-13));
    CHECK(neuron.accuracy(x, t.transpose()) == neuron.accuracy(dynamic_x, dynamic_t));
    auto fixed = neuron;
    auto dynamic = neuron;
    tinyneuron::TrainOptions<double> options;
    options.batch_size = 0;
    options.iterations = 3;
    options.record_every = 1;
    std::mt19937_64 a(1);
    std::mt19937_64 b(1);
    const std::vector<double> fixed_history = fixed.train(x, t, options, a);
    const std::vector<double> dynamic_history = dynamic.train(dynamic_x, dynamic_t, options, b);
    REQUIRE(fixed_history.size() == 3);
    REQUIRE(dynamic_history.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK_THAT(fixed_history[i], Catch::Matchers::WithinRel(dynamic_history[i], 1e-13));
    }
    CHECK(fixed.weights().isApprox(dynamic.weights(), 1e-13));
}
