// SPDX-License-Identifier: MIT
// Shared by the test files: the tutorial's 8 points and their pinned optima, the options
// builders, bit-exact comparisons, seeded draws and the tolerances of finite-difference checks.
#ifndef TINYNEURON_TESTS_TEST_SUPPORT_HPP
#define TINYNEURON_TESTS_TEST_SUPPORT_HPP

#include <tinyneuron/neuron.hpp>

#include <cmath>   // std::signbit, std::isnan
#include <cstddef> // std::size_t
#include <cstdint> // std::uint32_t, std::uint64_t
#include <cstring> // std::memcpy
#include <stdexcept>
#include <string> // std::string
#include <type_traits>
#include <vector>

/// The scalar types of the TEMPLATE_TEST_CASEs of a file that uses this list. The build may
/// compile such a file once per type, each time with TINYNEURON_TEST_SCALARS defined as that
/// type and TINYNEURON_TEST_UNTYPED as 1 for one of them, 0 for the others (tests/CMakeLists.txt
/// says why); a file compiled once has all three types and its tests without a type.
#ifndef TINYNEURON_TEST_SCALARS
#define TINYNEURON_TEST_SCALARS float, double, long double
#define TINYNEURON_TEST_UNTYPED 1
#endif

namespace tinyneuron_test {

/// The tutorial's 8 points (length, width) and their labels; not linearly separable.
template <class T> Eigen::Matrix<T, 8, 2> tutorial_samples() {
    Eigen::Matrix<T, 8, 2> x;
    x << T(3), T(1.5), T(2), T(1), T(4), T(1.5), T(3), T(4), T(3.5), T(0.5), T(2), T(0.5), T(5.5), T(1), T(1), T(1);
    return x;
}

template <class T> Eigen::Matrix<T, 8, 1> tutorial_targets() {
    Eigen::Matrix<T, 8, 1> t;
    t << T(0), T(1), T(0), T(1), T(0), T(1), T(1), T(0);
    return t;
}

/// mtcars' am (automatic 0, manual 1) against disp and gear, R's data set: every car with 3 gears is automatic,
/// every one with 5 manual, so v = (0, 1, −4) puts those 15 + 5 rows strictly on their side and the 12 with 4 gears,
/// of both kinds, on the plane: quasi-separated, where R's glm warns of fitted probabilities 0 or 1.
struct Mtcars {
    Eigen::MatrixXd samples;
    Eigen::VectorXd targets;
    Mtcars() : samples(32, 2), targets(32) {
        const double disp[] = {160,   160,   108,   258, 360,   225,  360,  146.7, 140.8, 167.6, 167.6,
                               275.8, 275.8, 275.8, 472, 460,   440,  78.7, 75.7,  71.1,  120.1, 318,
                               304,   350,   400,   79,  120.3, 95.1, 351,  145,   301,   121};
        const double gear[] = {4, 4, 4, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3, 3, 3, 3,
                               3, 4, 4, 4, 3, 3, 3, 3, 3, 4, 5, 5, 5, 5, 5, 4};
        const double am[] = {1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                             0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
        for (Eigen::Index i = 0; i < 32; ++i) {
            samples(i, 0) = disp[i];
            samples(i, 1) = gear[i];
            targets(i) = am[i];
        }
    }
};

/// A CSV file of tests/data: the column names, then one sample per row, the inputs first and
/// the target last, read by the examples' reader (examples/cli/reader.hpp, the tinyneuron
/// command's), its targets as they are.
struct Csv {
    Eigen::MatrixXd samples;
    Eigen::VectorXd targets;
    std::vector<std::string> columns;
};

/// Reads `path` (test_support.cpp, the one file that includes the reader).
Csv read_csv(const std::string &path);

/// The optima of the tutorial's 8 points, from the zero neuron, in double: the cross-entropy's one
/// minimum (the values, to 6 decimals: 0.122886, 0.488430, -1.023541) and the squared
/// error's lowest value, the floor the demo reports (1.8838 at 0.1335, 0.4076, -0.9958). Both are
/// cross-checked against tests/reference (NumPy's Newton, scikit-learn) in test_fit_reference.cpp.
struct Optimum {
    tinyneuron::Loss loss;
    double objective, w1, w2, b;
};
inline constexpr Optimum eight_point_optima[] = {
    {tinyneuron::Loss::cross_entropy, 5.2829472617483111, 0.12288622766, 0.48842950496, -1.02354102639},
    {tinyneuron::Loss::squared_error, 1.8838062484862981, 0.13347665044, 0.40761160206, -0.99581017221},
};

inline const char *loss_name(tinyneuron::Loss loss) {
    return loss == tinyneuron::Loss::squared_error ? "squared error" : "cross-entropy";
}

/// What both builders share: `Options` set field by field, each setter returning the builder.
template <class Options, class Self> class OptionsBuilder {
  public:
    operator Options() const { return o_; }
    Options get() const { return o_; }

  protected:
    template <class F> Self &set(F Options::*field, F v) {
        o_.*field = v;
        return static_cast<Self &>(*this);
    }

  private:
    Options o_;
};

/// TrainOptions<T> set field by field, each setter named after the field it sets, so that a call
/// reads train_options<T>().iterations(60).record_every(7).loss(Loss::cross_entropy); the fields
/// not named keep TrainOptions' defaults (the tutorial's). Converts to TrainOptions<T>.
template <class T>
class TrainOptionsBuilder : public OptionsBuilder<tinyneuron::TrainOptions<T>, TrainOptionsBuilder<T>> {
    using O = tinyneuron::TrainOptions<T>;

  public:
    TrainOptionsBuilder &learning_rate(T v) { return this->set(&O::learning_rate, v); }
    TrainOptionsBuilder &iterations(std::size_t v) { return this->set(&O::iterations, v); }
    TrainOptionsBuilder &record_every(std::size_t v) { return this->set(&O::record_every, v); }
    TrainOptionsBuilder &loss(tinyneuron::Loss v) { return this->set(&O::loss, v); }
    TrainOptionsBuilder &batch_size(std::size_t v) { return this->set(&O::batch_size, v); }
    TrainOptionsBuilder &l2(T v) { return this->set(&O::l2, v); }
};
template <class T> TrainOptionsBuilder<T> train_options() { return {}; }

/// FitOptions<T> set as train_options sets TrainOptions: fit_options<T>().loss(...).l2(...).
template <class T> class FitOptionsBuilder : public OptionsBuilder<tinyneuron::FitOptions<T>, FitOptionsBuilder<T>> {
    using O = tinyneuron::FitOptions<T>;

  public:
    FitOptionsBuilder &loss(tinyneuron::Loss v) { return this->set(&O::loss, v); }
    FitOptionsBuilder &l2(T v) { return this->set(&O::l2, v); }
    FitOptionsBuilder &max_iterations(std::size_t v) { return this->set(&O::max_iterations, v); }
    FitOptionsBuilder &tolerance(T v) { return this->set(&O::tolerance, v); }
    FitOptionsBuilder &method(tinyneuron::FitMethod v) { return this->set(&O::method, v); }
};
template <class T> FitOptionsBuilder<T> fit_options() { return {}; }

/// The tutorial's trained neuron: w = [1.45, -0.66], b = 0; of dynamic size unless N says.
template <class T, int N = Eigen::Dynamic> tinyneuron::Neuron<T, N> tutorial_neuron() {
    typename tinyneuron::Neuron<T, N>::Vector w;
    w.resize(2);
    w << T(1.45), T(-0.66);
    return tinyneuron::Neuron<T, N>(w, T(0));
}

/// True when a and b have the same bits. float and double are compared as integers; long
/// double (x87: 10 significant bytes plus padding whose content is unspecified) by value and sign,
/// which is the same thing for the finite values the tests compare.
template <class T, std::enable_if_t<std::is_floating_point<T>::value, int> = 0> bool same_bits(T a, T b) {
    if constexpr (std::is_same<T, float>::value) {
        std::uint32_t ua = 0;
        std::uint32_t ub = 0;
        std::memcpy(&ua, &a, sizeof a);
        std::memcpy(&ub, &b, sizeof b);
        return ua == ub;
    } else if constexpr (std::is_same<T, double>::value) {
        std::uint64_t ua = 0;
        std::uint64_t ub = 0;
        std::memcpy(&ua, &a, sizeof a);
        std::memcpy(&ub, &b, sizeof b);
        return ua == ub;
    } else {
        if (std::isnan(a) || std::isnan(b)) {
            return std::isnan(a) && std::isnan(b);
        }
        return a == b && std::signbit(a) == std::signbit(b);
    }
}

template <class DA, class DB> bool same_bits(const Eigen::MatrixBase<DA> &a, const Eigen::MatrixBase<DB> &b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) {
        return false;
    }
    for (Eigen::Index c = 0; c < a.cols(); ++c) {
        for (Eigen::Index r = 0; r < a.rows(); ++r) {
            if (!same_bits(a(r, c), b(r, c))) {
                return false;
            }
        }
    }
    return true;
}

template <class T> bool same_bits(const std::vector<T> &a, const std::vector<T> &b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!same_bits(a[i], b[i])) {
            return false;
        }
    }
    return true;
}

/// Same weights and bias, bit for bit.
template <class T, int N> bool same_neuron(const tinyneuron::Neuron<T, N> &a, const tinyneuron::Neuron<T, N> &b) {
    return same_bits(a.weights(), b.weights()) && same_bits(a.bias(), b.bias());
}

/// A uniform double in [lo, hi) from the engine's top 53 bits (std::uniform_real_distribution
/// is not the same on every standard library; this is).
template <class Rng> double uniform(Rng &rng, double lo, double hi) {
    static_assert(sizeof(typename Rng::result_type) == 8, "uniform: needs a 64-bit engine");
    return lo + (hi - lo) * static_cast<double>(rng() >> 11) * 0x1p-53;
}

/// A vector of `n` values drawn uniformly from [lo, hi).
template <class T, int N, class Rng>
Eigen::Matrix<T, N, 1> uniform_vector(Rng &rng, Eigen::Index n, double lo, double hi) {
    Eigen::Matrix<T, N, 1> v;
    v.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        v(i) = static_cast<T>(uniform(rng, lo, hi));
    }
    return v;
}

/// Per-type settings. The central difference [E(p + h) − E(p − h)] / 2h has a truncation error
/// ~h²·E'''/6 and a rounding error ~eps·E/h, so h ~ eps^(1/3) balances them; the tolerances
/// allow a few times the larger of the two, and stay far below any real mistake (a missing
/// factor 2, σ instead of σ', a wrong sign, a swapped index all move the result by O(1)).
template <class T> struct Settings;
template <> struct Settings<float> {
    static constexpr float step = 4e-3f;
    static constexpr double rel = 2e-2;
    static constexpr double abs = 2e-3;
    static constexpr float saturated = 25.0f;
};
template <> struct Settings<double> {
    static constexpr double step = 1e-5;
    static constexpr double rel = 1e-7;
    static constexpr double abs = 1e-9;
    static constexpr double saturated = 30.0;
};
template <> struct Settings<long double> {
    static constexpr long double step = 1e-6L;
    static constexpr double rel = 1e-9;
    static constexpr double abs = 1e-11;
    static constexpr long double saturated = 35.0L;
};

/// WithinRel(numeric, rel) || WithinAbs(numeric, abs), evaluated in T: Catch's matchers take
/// doubles, which would cost long double its extra precision.
template <class T> bool close(T analytic, T numeric, double rel_tol, double abs_tol) {
    using std::abs;
    const T difference = abs(analytic - numeric);
    const T scale = abs(analytic) > abs(numeric) ? abs(analytic) : abs(numeric);
    return difference <= static_cast<T>(rel_tol) * scale || difference <= static_cast<T>(abs_tol);
}

/// The name of a scalar type, for messages.
template <class T> std::string type_name() {
    return std::is_same<T, float>::value ? "float" : std::is_same<T, double>::value ? "double" : "long double";
}

} // namespace tinyneuron_test

#endif // TINYNEURON_TESTS_TEST_SUPPORT_HPP
