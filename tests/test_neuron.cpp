// SPDX-License-Identifier: MIT
// Construction, predict, predict_batch and error pinned to values worked out by hand (Python's
// math module on IEEE doubles, never this library), and the one test of their layouts: columns,
// transposed rows, maps, row-major and strided data, fixed- and dynamic-size neurons. The
// tutorial's own numbers are in test_tutorial.cpp.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <algorithm>
#include <limits>
#include <random>

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using tinyneuron::Neuron;
using tinyneuron_test::same_bits;
using tinyneuron_test::tutorial_neuron;
using tinyneuron_test::tutorial_samples;
using tinyneuron_test::tutorial_targets;

namespace {

template <class T> double tolerance() {
    // A handful of roundings in T, but never tighter than double's: the references are doubles.
    return 16.0 * std::max(static_cast<double>(std::numeric_limits<T>::epsilon()),
                           static_cast<double>(std::numeric_limits<double>::epsilon()));
}

} // namespace

TEMPLATE_TEST_CASE("a neuron keeps the weights and bias it was built with", "[neuron]", TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    Eigen::Matrix<T, 3, 1> w(T(0.5), T(-1.25), T(3));
    const Neuron<T, 3> fixed(w, T(-0.75));
    CHECK(fixed.inputs() == 3);
    CHECK(same_bits(fixed.weights(), w));
    CHECK(same_bits(fixed.bias(), T(-0.75)));

    // (filled, not converted from w: g++ 12 -std=c++20 -O2 flags that with a false -Warray-bounds)
    Eigen::Matrix<T, Eigen::Dynamic, 1> w_dynamic(3);
    w_dynamic << w(0), w(1), w(2);
    const Neuron<T> dynamic(w_dynamic, T(2));
    CHECK(dynamic.inputs() == 3);
    CHECK(same_bits(dynamic.weights(), w));
    CHECK(dynamic.bias() == T(2));

    // Copies are independent values.
    Neuron<T> copy = dynamic;
    copy.update({Eigen::Matrix<T, Eigen::Dynamic, 1>::Ones(3), T(1)}, T(1));
    CHECK(same_bits(dynamic.weights(), w));
    CHECK(copy.weights()(0) == T(-0.5));
    CHECK(copy.bias() == T(1));
}

TEMPLATE_TEST_CASE("predict accepts columns, transposed rows, maps and fixed or dynamic neurons", "[neuron][predict]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    const double expected = 0.79857310422969652; // as above
    const T raw[] = {T(1.66), T(1.56)};
    const Eigen::Matrix<T, 1, 2> row(T(1.66), T(1.56));
    // Dynamic copies are filled, not converted: g++ 12 -O2 -std=c++20 flags a conversion of two floats with a false
    // -Warray-bounds inside Eigen.
    Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> samples(1, 2);
    samples << raw[0], raw[1];
    const auto neuron = tutorial_neuron<T, 2>();
    const T a = neuron.predict(row.transpose());
    CHECK_THAT(static_cast<double>(a), WithinRel(expected, tolerance<T>()));
    CHECK(same_bits(neuron.predict(Eigen::Map<const Eigen::Matrix<T, 2, 1>>(raw)), a));
    CHECK(same_bits(neuron.predict(samples.row(0).transpose()), a));
    Eigen::Matrix<T, Eigen::Dynamic, 1> column(2);
    column << raw[0], raw[1];
    CHECK(same_bits(neuron.predict(column), a));
    const auto dynamic = tutorial_neuron<T, Eigen::Dynamic>();
    CHECK_THAT(static_cast<double>(dynamic.predict(row.transpose())), WithinRel(expected, tolerance<T>()));
    CHECK_THAT(static_cast<double>(dynamic.predict(Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>>(raw, 2))),
               WithinRel(expected, tolerance<T>()));
}

TEMPLATE_TEST_CASE("predict_batch gives one prediction per row, equal to predict", "[neuron][predict]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    // σ(w·x_i) for the 8 points and the tutorial neuron, from Python.
    const double expected[8] = {0.96643077671851751, 0.9037844582893072, 0.99191799137467451, 0.84683628423491375,
                                0.99137989038183127, 0.9289056959157127, 0.99933496125774701, 0.68783133058284041};
    const auto neuron = tutorial_neuron<T, 2>();
    const auto x = tutorial_samples<T>();
    const auto batch = neuron.predict_batch(x);
    REQUIRE(batch.size() == 8);
    for (Eigen::Index i = 0; i < 8; ++i) {
        INFO("row " << i);
        CHECK_THAT(static_cast<double>(batch(i)), WithinRel(expected[i], tolerance<T>()));
        CHECK_THAT(static_cast<double>(batch(i)),
                   WithinRel(static_cast<double>(neuron.predict(x.row(i).transpose())),
                             4.0 * static_cast<double>(std::numeric_limits<T>::epsilon())));
    }
    // Row-major and dynamic data give the same batch.
    const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows = x;
    CHECK(same_bits(neuron.predict_batch(rows), batch));
    CHECK(same_bits(tutorial_neuron<T, Eigen::Dynamic>().predict_batch(rows), batch));
}

TEMPLATE_TEST_CASE("error is the sum of squared errors over the rows", "[neuron][error]", TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    const auto x = tutorial_samples<T>();
    const auto t = tutorial_targets<T>();
    // Σ (σ(w·x_i) − t_i)² for the tutorial neuron over the 8 points, Python: 3.4116071708297864.
    const T e = tutorial_neuron<T>().error(x, t);
    CHECK_THAT(static_cast<double>(e), WithinRel(3.4116071708297864, tolerance<T>()));
    // The constant predictor σ(0) = 0.5 scores exactly 8·0.25 = 2.
    const Neuron<T, 2> half(Eigen::Matrix<T, 2, 1>::Zero(), T(0));
    CHECK(half.error(x, t) == T(2));
    // A perfect neuron is not possible here, but the error is never negative and is 0 for a
    // sample predicted exactly: σ(0) = 0.5 against target 0.5.
    CHECK(half.error(x.topRows(1), Eigen::Matrix<T, 1, 1>(T(0.5))) == T(0));
    // Targets as a row vector or a strided view give the same value.
    const Eigen::Matrix<T, 1, 8> t_row = t.transpose();
    CHECK(same_bits(tutorial_neuron<T>().error(x, t_row), e));
    const Eigen::Matrix<T, 16, 1> spread = Eigen::Matrix<T, 16, 1>::Constant(T(0.5));
    Eigen::Matrix<T, 16, 1> interleaved = spread;
    for (Eigen::Index i = 0; i < 8; ++i) {
        interleaved(2 * i) = t(i);
    }
    const Eigen::Map<const Eigen::Matrix<T, 8, 1>, 0, Eigen::InnerStride<2>> strided(interleaved.data());
    CHECK(same_bits(tutorial_neuron<T>().error(x, strided), e));
}

TEMPLATE_TEST_CASE("error is never negative and equals the sum of per-sample errors", "[neuron][error][property]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    std::mt19937_64 rng(314);
    for (int k = 0; k < 20; ++k) {
        const auto w = tinyneuron_test::uniform_vector<T, Eigen::Dynamic>(rng, 4, -3, 3);
        const Neuron<T> neuron(w, static_cast<T>(tinyneuron_test::uniform(rng, -1, 1)));
        Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> x(6, 4);
        Eigen::Matrix<T, Eigen::Dynamic, 1> t(6);
        for (Eigen::Index r = 0; r < 6; ++r) {
            x.row(r) = tinyneuron_test::uniform_vector<T, Eigen::Dynamic>(rng, 4, -2, 2);
            t(r) = static_cast<T>(tinyneuron_test::uniform(rng, 0, 1));
        }
        const T e = neuron.error(x, t);
        T sum = T(0);
        for (Eigen::Index r = 0; r < 6; ++r) {
            const T d = neuron.predict(x.row(r).transpose()) - t(r);
            sum += d * d;
        }
        CHECK(e >= T(0));
        CHECK_THAT(static_cast<double>(e),
                   WithinRel(static_cast<double>(sum), 16.0 * static_cast<double>(std::numeric_limits<T>::epsilon())));
    }
}
