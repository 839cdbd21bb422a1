// SPDX-License-Identifier: MIT
// The two losses: values derived by hand (cross-entropy at z = 0, ln 3 and ±1000); the gradients
// of both against central differences of error(), for one sample (fixed and dynamic sizes, at
// z = 0, moderate and saturated z; the squared error's far tail against its closed form) and for
// batch_gradients; batch_gradients as the sum of the per-row gradients; and the L2 term's
// gradient, read off one training step, against central differences of the penalised objective.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <utility>

namespace {

using tinyneuron::Loss;
using tinyneuron::TrainOptions;
using tinyneuron_test::close;
using tinyneuron_test::Settings;
template <class T, int N> using Neuron = tinyneuron::Neuron<T, N>;
template <class T, int N> using Vector = Eigen::Matrix<T, N, 1>;
template <class T, int N> using Samples = Eigen::Matrix<T, Eigen::Dynamic, N>;
template <class T> using Targets = Eigen::Matrix<T, Eigen::Dynamic, 1>;

const char *loss_name(Loss loss) { return loss == Loss::squared_error ? "squared error" : "cross-entropy"; }

/// Checks (g_weights, g_bias) against central differences of `objective(w, b)` at (w, b), for
/// every weight and the bias; the step is Settings<T>::step, divided by the step actually taken.
template <class T, int N, class Objective>
void check_differences(const Objective &objective, const Vector<T, N> &w, T b, const Vector<T, N> &g_weights, T g_bias,
                       double rel, double abs) {
    REQUIRE(g_weights.size() == w.size());
    const T h = Settings<T>::step;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
        Vector<T, N> plus = w;
        Vector<T, N> minus = w;
        plus(i) += h;
        minus(i) -= h;
        const T numeric = (objective(plus, b) - objective(minus, b)) / (plus(i) - minus(i));
        INFO("dE/dw[" << i << "]: analytic " << static_cast<double>(g_weights(i)) << ", numeric "
                      << static_cast<double>(numeric));
        CHECK(close(g_weights(i), numeric, rel, abs));
    }
    const T numeric_bias = (objective(w, b + h) - objective(w, b - h)) / ((b + h) - (b - h));
    INFO("dE/db: analytic " << static_cast<double>(g_bias) << ", numeric " << static_cast<double>(numeric_bias));
    CHECK(close(g_bias, numeric_bias, rel, abs));
}

/// gradients(x, t, loss) against central differences of error() over the one-row matrix xᵀ.
template <class T, int N>
void check_sample(const Vector<T, N> &w, T b, const Vector<T, N> &x, T t, Loss loss, double rel, double abs) {
    const auto g = Neuron<T, N>(w, b).gradients(x, t, loss);
    const Targets<T> target = Targets<T>::Constant(1, t);
    const auto objective = [&](const Vector<T, N> &ww, T bb) {
        return Neuron<T, N>(ww, bb).error(x.transpose(), target, loss);
    };
    check_differences<T, N>(objective, w, b, g.weights, g.bias, rel, abs);
}

/// The step train takes, read back as a gradient: with learning rate 1 and one iteration,
/// w₁ = w₀ − (mean loss gradient + 2·l2·w₀) and b₁ = b₀ − mean ∂E/∂b, so w₀ − w₁ and b₀ − b₁ are
/// the gradient of mean error + l2·‖w‖² up to one rounding at the scale of w.
template <class T, int N>
typename Neuron<T, N>::Gradients step_taken(const Neuron<T, N> &start, const Samples<T, N> &x, const Targets<T> &t,
                                            Loss loss, T l2, std::size_t batch_size) {
    const TrainOptions<T> o =
        tinyneuron_test::train_options<T>().learning_rate(T(1)).iterations(1).loss(loss).l2(l2).batch_size(batch_size);
    auto trained = start;
    std::mt19937_64 rng(5);
    trained.train(x, t, o, rng);
    return {Vector<T, N>(start.weights() - trained.weights()), start.bias() - trained.bias()};
}

/// The L2-penalised step of every batch mode against central differences of
/// error(x, t, loss) / rows + l2·‖w‖², the objective the mean-gradient steps descend.
template <class T, int N>
void check_l2_step(const Vector<T, N> &w, T b, const Samples<T, N> &x, const Targets<T> &t, Loss loss, T l2, double rel,
                   double abs) {
    const auto objective = [&](const Vector<T, N> &ww, T bb) {
        return Neuron<T, N>(ww, bb).error(x, t, loss) / static_cast<T>(x.rows()) + l2 * ww.squaredNorm();
    };
    const std::size_t modes_for_one_row[] = {0, 1, 3}; // one row: every mode steps on its gradient
    for (std::size_t batch_size : modes_for_one_row) {
        if (x.rows() > 1 && batch_size != 0) {
            continue; // only the full batch has the mean gradient of several rows
        }
        INFO("batch_size " << batch_size << ", l2 " << static_cast<double>(l2));
        const auto g = step_taken<T, N>(Neuron<T, N>(w, b), x, t, loss, l2, batch_size);
        check_differences<T, N>(objective, w, b, g.weights, g.bias, rel, abs);
    }
}

/// Random asymmetric weights and inputs with the bias chosen so that w·x + b is about `z`.
template <class T, int N>
void random_point(std::mt19937_64 &rng, Eigen::Index n, T z, Vector<T, N> &w, T &b, Vector<T, N> &x) {
    w = tinyneuron_test::uniform_vector<T, N>(rng, n, -1.5, 1.5);
    x = tinyneuron_test::uniform_vector<T, N>(rng, n, -2.0, 2.0);
    b = z - w.dot(x);
}

/// Both losses, with and without L2, at z = 0, moderate z and saturated z.
template <class T, int N> void check_size(std::mt19937_64 &rng, Eigen::Index n, Loss loss) {
    const double rel = Settings<T>::rel;
    const double abs_tol = Settings<T>::abs;
    const T l2 = T(0.3);
    Vector<T, N> w;
    Vector<T, N> x;
    T b{};
    INFO(tinyneuron_test::type_name<T>() << ", " << loss_name(loss) << ", " << n << " inputs, "
                                         << (N == Eigen::Dynamic ? "dynamic" : "fixed"));
    const auto one_row = [&](T t) {
        // Copied value by value: constructing it from x.transpose() trips g++ 12's false
        // -Warray-bounds on Eigen's (dead) packet path for one input.
        Samples<T, N> row(1, n);
        for (Eigen::Index j = 0; j < n; ++j) {
            row(0, j) = x(j);
        }
        return std::make_pair(row, Targets<T>::Constant(1, t).eval());
    };

    SECTION("at z = 0") {
        for (T t : {T(0), T(1), T(0.2)}) {
            random_point<T, N>(rng, n, T(0), w, b, x);
            REQUIRE(std::abs(w.dot(x) + b) <= T(1e-3));
            check_sample<T, N>(w, b, x, t, loss, rel, abs_tol);
            const auto data = one_row(t);
            check_l2_step<T, N>(w, b, data.first, data.second, loss, T(0), rel, abs_tol);
            check_l2_step<T, N>(w, b, data.first, data.second, loss, l2, rel, abs_tol);
            // Not trivially zero: dE/db = σ(0) − t for cross-entropy, 2(σ(0) − t)·σ'(0) for the
            // squared error, and |σ(0) − t| ≥ 0.3 here.
            const T bias = Neuron<T, N>(w, b).gradients(x, t, loss).bias;
            CHECK(std::abs(static_cast<double>(bias)) > (loss == Loss::cross_entropy ? 0.29 : 0.14));
        }
    }
    SECTION("at moderate z with random targets") {
        for (int k = 0; k < 6; ++k) {
            const auto z = static_cast<T>(tinyneuron_test::uniform(rng, -4.0, 4.0));
            const auto t = static_cast<T>(tinyneuron_test::uniform(rng, 0.0, 1.0));
            random_point<T, N>(rng, n, z, w, b, x);
            check_sample<T, N>(w, b, x, t, loss, rel, abs_tol);
            const auto data = one_row(t);
            check_l2_step<T, N>(w, b, data.first, data.second, loss, l2, rel, abs_tol);
            const auto g = Neuron<T, N>(w, b).gradients(x, t, loss);
            CHECK(g.bias != T(0)); // dE/dz vanishes only where σ(z) = t
            CHECK(g.weights.cwiseAbs().maxCoeff() > T(0));
        }
    }
    SECTION("at saturated z") {
        // z ≪ 0 with target 0: both losses are tiny (σ(z)² and softplus(z), ~e^(2z) and ~e^z),
        // so their differences keep full relative precision and the check is relative, on the
        // scale of the gradient (the rounding of z perturbs every difference alike).
        const T s = Settings<T>::saturated;
        random_point<T, N>(rng, n, -s, w, b, x);
        const auto g = Neuron<T, N>(w, b).gradients(x, T(0), loss);
        CHECK(g.bias > T(0));
        check_sample<T, N>(w, b, x, T(0), loss, rel, rel * static_cast<double>(g.bias));
        const auto data = one_row(T(0));
        check_l2_step<T, N>(w, b, data.first, data.second, loss, l2, rel, abs_tol);
        if (loss == Loss::squared_error) {
            // z ≫ 0 with target 0: E ≈ 1 and differences drown in rounding, so compare with the
            // closed form 2·σ(z)·σ(z)σ(−z) instead, σ(−z) = e^−z / (1 + e^−z) written out here.
            random_point<T, N>(rng, n, s, w, b, x);
            using std::exp;
            const T zz = w.dot(x) + b;
            const T small = exp(-zz) / (T(1) + exp(-zz));
            const T large = T(1) / (T(1) + exp(-zz));
            const T expected = T(2) * large * large * small;
            const auto gs = Neuron<T, N>(w, b).gradients(x, T(0), loss);
            REQUIRE(expected > T(0));
            CHECK(close(gs.bias, expected, 8.0 * std::numeric_limits<T>::epsilon(), 0.0));
            for (Eigen::Index i = 0; i < n; ++i) {
                CHECK(close(gs.weights(i), T(expected * x(i)), 16.0 * std::numeric_limits<T>::epsilon(), 0.0));
            }
        } else {
            // z ≫ 0 with target 0 or 0.25: the cross-entropy grows like (1 − t)·z, and its
            // gradient (σ(z) − t)·x stays near (1 − t)·x instead of vanishing as the squared
            // error's does. A value ~30 has differences ~eps·30/h, far inside the tolerance.
            for (T t : {T(0), T(0.25)}) {
                random_point<T, N>(rng, n, s, w, b, x);
                const auto gs = Neuron<T, N>(w, b).gradients(x, t, loss);
                CHECK(close(gs.bias, T(1) - t, 1e-6, 0.0));
                check_sample<T, N>(w, b, x, t, loss, rel, abs_tol);
                const auto row = one_row(t);
                check_l2_step<T, N>(w, b, row.first, row.second, loss, l2, rel, abs_tol);
            }
        }
    }
}

/// batch_gradients over `rows` random rows: the sum of the per-row gradients up to rounding,
/// central differences of error(), and a full-batch L2 step against its objective.
template <class T, int N> void check_batch(std::mt19937_64 &rng, Eigen::Index n, Loss loss) {
    const Eigen::Index rows = 12;
    INFO(tinyneuron_test::type_name<T>() << ", " << loss_name(loss) << ", " << n << " inputs, "
                                         << (N == Eigen::Dynamic ? "dynamic" : "fixed"));
    Samples<T, N> x(rows, n);
    Targets<T> t(rows);
    for (Eigen::Index i = 0; i < rows; ++i) {
        x.row(i) = tinyneuron_test::uniform_vector<T, N>(rng, n, -2.0, 2.0).transpose();
        t(i) = i < 2 ? T(i) : static_cast<T>(tinyneuron_test::uniform(rng, 0.0, 1.0));
    }
    const Vector<T, N> w = tinyneuron_test::uniform_vector<T, N>(rng, n, -1.5, 1.5);
    const auto b = static_cast<T>(tinyneuron_test::uniform(rng, -1.0, 1.0));
    const Neuron<T, N> neuron(w, b);
    const auto g = neuron.batch_gradients(x, t, loss);

    // Σ_i gradients(x_i, t_i): the same terms, summed in another order (Xᵀs by Eigen's product),
    // so they agree to a few roundings of the sum of their magnitudes.
    Vector<T, N> sum = Vector<T, N>::Zero(n);
    Vector<T, N> magnitude = Vector<T, N>::Zero(n);
    T sum_bias = T(0);
    T magnitude_bias = T(0);
    for (Eigen::Index i = 0; i < rows; ++i) {
        const auto gi = neuron.gradients(x.row(i).transpose(), t(i), loss);
        sum += gi.weights;
        magnitude += gi.weights.cwiseAbs();
        sum_bias += gi.bias;
        magnitude_bias += std::abs(gi.bias);
    }
    const T rounding = T(2 * rows) * std::numeric_limits<T>::epsilon();
    for (Eigen::Index j = 0; j < n; ++j) {
        INFO("weight " << j << ": batch " << static_cast<double>(g.weights(j)) << ", sum "
                       << static_cast<double>(sum(j)));
        CHECK(std::abs(g.weights(j) - sum(j)) <= rounding * magnitude(j));
    }
    CHECK(std::abs(g.bias - sum_bias) <= rounding * magnitude_bias);
    // Not trivially zero: the rows' terms do not cancel on this pinned draw.
    CHECK(g.weights.cwiseAbs().maxCoeff() > T(0.01));

    const auto objective = [&](const Vector<T, N> &ww, T bb) { return Neuron<T, N>(ww, bb).error(x, t, loss); };
    // The sum of 12 rows is ~12 times a row's error, and so is its rounding.
    check_differences<T, N>(objective, w, b, g.weights, g.bias, Settings<T>::rel, 12 * Settings<T>::abs);
    check_l2_step<T, N>(w, b, x, t, loss, T(0.3), Settings<T>::rel, Settings<T>::abs);
}

} // namespace

TEMPLATE_TEST_CASE("both losses' gradients match central differences of error, with and without "
                   "L2",
                   "[losses][gradients]", TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    std::mt19937_64 rng(20261129);
    for (Loss loss : {Loss::squared_error, Loss::cross_entropy}) {
        DYNAMIC_SECTION(loss_name(loss)) {
            SECTION("fixed size 1") { check_size<T, 1>(rng, 1, loss); }
            SECTION("fixed size 2") { check_size<T, 2>(rng, 2, loss); }
            SECTION("fixed size 5") { check_size<T, 5>(rng, 5, loss); }
            SECTION("dynamic size 2") { check_size<T, Eigen::Dynamic>(rng, 2, loss); }
            SECTION("dynamic size 5") { check_size<T, Eigen::Dynamic>(rng, 5, loss); }
        }
    }
}

TEMPLATE_TEST_CASE("batch_gradients is the sum of the rows' gradients and the gradient of error",
                   "[losses][batch_gradients]", TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    std::mt19937_64 rng(31);
    for (Loss loss : {Loss::squared_error, Loss::cross_entropy}) {
        DYNAMIC_SECTION(loss_name(loss)) {
            SECTION("fixed size 2") { check_batch<T, 2>(rng, 2, loss); }
            SECTION("fixed size 5") { check_batch<T, 5>(rng, 5, loss); }
            SECTION("dynamic size 1") { check_batch<T, Eigen::Dynamic>(rng, 1, loss); }
            SECTION("dynamic size 5") { check_batch<T, Eigen::Dynamic>(rng, 5, loss); }
        }
    }
}

#if TINYNEURON_TEST_UNTYPED // in one of the per-type builds of this file (test_support.hpp)
TEST_CASE("the loss arguments default to the squared error", "[losses]") {
    const Eigen::MatrixXd x = tinyneuron_test::tutorial_samples<double>();
    const Eigen::VectorXd t = tinyneuron_test::tutorial_targets<double>();
    const Neuron<double, Eigen::Dynamic> neuron(Eigen::Vector2d(0.7, -0.2), 0.1);
    using tinyneuron_test::same_bits;
    CHECK(same_bits(neuron.error(x, t), neuron.error(x, t, Loss::squared_error)));
    CHECK_FALSE(same_bits(neuron.error(x, t), neuron.error(x, t, Loss::cross_entropy)));
    const auto g = neuron.gradients(x.row(3).transpose(), 1.0);
    const auto g_se = neuron.gradients(x.row(3).transpose(), 1.0, Loss::squared_error);
    CHECK(same_bits(g.weights, g_se.weights));
    CHECK(same_bits(g.bias, g_se.bias));
    const auto b = neuron.batch_gradients(x, t);
    const auto b_se = neuron.batch_gradients(x, t, Loss::squared_error);
    CHECK(same_bits(b.weights, b_se.weights));
    CHECK(same_bits(b.bias, b_se.bias));
    CHECK_FALSE(same_bits(b.bias, neuron.batch_gradients(x, t, Loss::cross_entropy).bias));
}
#endif

TEMPLATE_TEST_CASE("cross-entropy takes the values derived by hand and stays finite at z = ±1000",
                   "[losses][cross_entropy]", TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    using std::exp;
    using std::log;
    const double eps = std::numeric_limits<T>::epsilon();

    SECTION("z = 0: log 2 per sample, whatever the target") {
        // w = (1, −1), b = 0 and rows (a, a): z = 0 exactly, ŷ = 1/2, and
        // −[t·log ½ + (1 − t)·log ½] = log 2 for every t.
        const Neuron<T, 2> neuron(Vector<T, 2>(T(1), T(-1)), T(0));
        Eigen::Matrix<T, 3, 2> x;
        x << T(1), T(1), T(2), T(2), T(0.5), T(0.5);
        const Eigen::Matrix<T, 3, 1> t(T(0), T(1), T(0.25));
        CHECK(close(neuron.error(x, t, Loss::cross_entropy), T(3) * log(T(2)), 4 * eps, 0.0));
        for (Eigen::Index i = 0; i < 3; ++i) {
            CHECK(close(neuron.error(x.row(i), t.row(i), Loss::cross_entropy), log(T(2)), 2 * eps, 0.0));
        }
        // The squared error there: ½² + ½² + ¼² = 0.5625.
        CHECK(close(neuron.error(x, t), T(0.5625), 8 * eps, 0.0));
        // Σ (ŷ − t)·x_i = ½·(1, 1) − ½·(2, 2) + ¼·(½, ½) = (−0.375, −0.375), Σ (ŷ − t) = ¼.
        const auto g = neuron.batch_gradients(x, t, Loss::cross_entropy);
        CHECK(close(g.weights(0), T(-0.375), 8 * eps, 0.0));
        CHECK(close(g.weights(1), T(-0.375), 8 * eps, 0.0));
        CHECK(close(g.bias, T(0.25), 8 * eps, 0.0));
    }
    SECTION("z = ln 3: ŷ = 3/4") {
        // σ(ln 3) = 1 / (1 + 1/3) = 3/4: the loss is −log ¾ = log(4/3) for t = 1, log 4 for
        // t = 0 and ½·log(16/3) for t = ½; the squared error (¾ − t)² is 1/16, 9/16, 1/16; the
        // cross-entropy gradient at x = 2 is (¾ − t)·2 for the weight and ¾ − t for the bias.
        const Neuron<T, 1> neuron(Vector<T, 1>(log(T(3)) / T(2)), T(0));
        const Vector<T, 1> x(T(2));
        const T targets[] = {T(1), T(0), T(0.5)};
        const T cross[] = {log(T(4) / T(3)), log(T(4)), T(0.5) * log(T(16) / T(3))};
        const T squared[] = {T(0.0625), T(0.5625), T(0.0625)};
        for (int k = 0; k < 3; ++k) {
            const T t = targets[k];
            INFO("target " << static_cast<double>(t));
            const Targets<T> target = Targets<T>::Constant(1, t);
            CHECK(close(neuron.error(x.transpose(), target, Loss::cross_entropy), cross[k], 16 * eps, 0.0));
            CHECK(close(neuron.error(x.transpose(), target), squared[k], 16 * eps, 0.0));
            const auto g = neuron.gradients(x, t, Loss::cross_entropy);
            CHECK(close(g.bias, T(0.75) - t, 16 * eps, 0.0));
            CHECK(close(g.weights(0), T(2) * (T(0.75) - t), 16 * eps, 0.0));
        }
    }
    SECTION("z = ±1000: about 1000, (1 − t)·1000, t·1000 or about 0, never inf or NaN") {
        // w = 1000, b = 0, x = ±1: z = ±1000 exactly. The loss is max(z, 0) − t·z + log1p(e^−|z|)
        // and e^−1000 is 0 in float and double (about 5e-435 in x87 long double), so: z = 1000
        // gives 1000 (t = 0), e^−1000 (t = 1), 750 (t = ¼); z = −1000 gives e^−1000, 1000, 250.
        const Neuron<T, 1> neuron(Vector<T, 1>(T(1000)), T(0));
        const T tiny = exp(T(-1000));
        Eigen::Matrix<T, 6, 1> x;
        x << T(1), T(1), T(1), T(-1), T(-1), T(-1);
        Eigen::Matrix<T, 6, 1> t;
        t << T(0), T(1), T(0.25), T(0), T(1), T(0.25);
        const T expected[] = {T(1000), tiny, T(750), tiny, T(1000), T(250)};
        // dE/dz = σ(z) − t: σ(−1000) = e^−1000 and σ(1000) = 1 − e^−1000, which rounds to 1 (so
        // the slope for t = 1 is 0 or −e^−1000, within eps of each other).
        const T slopes[] = {T(1), -tiny, T(0.75), tiny, T(-1), T(-0.25)};
        for (Eigen::Index i = 0; i < 6; ++i) {
            INFO("z = " << 1000 * static_cast<double>(x(i)) << ", t = " << static_cast<double>(t(i)));
            const T value = neuron.error(x.row(i), t.row(i), Loss::cross_entropy);
            CHECK(std::isfinite(value));
            CHECK(value >= T(0));
            CHECK(close(value, expected[i], 4 * eps, 0.0));
            const auto g = neuron.gradients(x.row(i), t(i), Loss::cross_entropy);
            CHECK(std::isfinite(g.bias));
            CHECK(close(g.bias, slopes[i], 4 * eps, eps));
            CHECK(close(g.weights(0), T(slopes[i] * x(i)), 4 * eps, eps));
            // The squared error is finite there too: 1, e^−2000, 9/16, ...
            CHECK(std::isfinite(neuron.error(x.row(i), t.row(i))));
        }
        CHECK(close(neuron.error(x, t, Loss::cross_entropy), T(3000), 4 * eps, 0.0));
    }
}
