// SPDX-License-Identifier: MIT
// tinyneuron: one sigmoid neuron -- weights, bias, the sigmoid, the chain-rule gradients of the
// squared error and stochastic training -- the first model of every machine-learning course,
// as a single C++17 header over Eigen 3.4. Written to be read in an evening.
// Documentation, the math and the tutorial it follows: README.md.
#ifndef TINYNEURON_NEURON_HPP
#define TINYNEURON_NEURON_HPP

#define TINYNEURON_VERSION_MAJOR 0
#define TINYNEURON_VERSION_MINOR 1
#define TINYNEURON_VERSION_PATCH 0

#include <Eigen/Core>

#include <cmath>   // std::exp, std::log, std::sqrt, std::abs, std::isfinite, std::frexp, std::ldexp
#include <cstddef> // std::size_t
#include <cstdint> // std::uint32_t, std::uint64_t
#include <istream> // std::istream, std::getline
#include <limits>  // std::numeric_limits
#include <locale>  // std::locale::classic, for locale-free messages
#include <ostream> // std::ostream
#include <sstream> // std::ostringstream, only to format numbers in error messages
#include <stdexcept>   // std::invalid_argument, std::overflow_error, std::runtime_error
#include <string>      // std::string, std::to_string
#include <type_traits> // std::is_same, std::conditional_t
#include <vector>      // std::vector, the training history

// Conventions
// - Data matrices hold one sample per row; vectors (weights, one sample, targets) are columns,
//   though any Eigen vector expression is accepted where one sample or the targets are expected.
// - T is float, double or long double; every value keeps that type.
// - Bad input throws std::invalid_argument naming the function, what was expected and what came,
//   in release builds too, before anything is changed: a refused call leaves the neuron as it was.
// - Randomness comes only from the caller's engine, and only through its raw output: the mapping
//   to indices and Gaussians is written below, so one seed gives one history with any standard
//   library (std::uniform_int_distribution and std::normal_distribution differ between them).
// - Finite inputs can still overflow: w·x may be ∞ − ∞ for huge inputs and weights. The members
//   then throw std::overflow_error instead of returning a NaN (an overflow to ±∞ alone is fine:
//   σ(±∞) is 0 or 1).
// - A neuron always holds finite weights and a finite bias. Its const members change nothing, so
//   several threads may call them on one neuron at once.

namespace tinyneuron {

// ============================================================================================
// detail: argument checks, messages, engine bits
// ============================================================================================
namespace detail {

template <class T>
constexpr bool is_supported_scalar =
    std::is_same<T, float>::value || std::is_same<T, double>::value ||
    std::is_same<T, long double>::value;

template <class T> constexpr const char *scalar_name() {
    return std::is_same<T, float>::value    ? "float"
           : std::is_same<T, double>::value ? "double"
                                            : "long-double";
}

[[noreturn]] inline void fail(const char *where, const std::string &what) {
    throw std::invalid_argument(std::string("tinyneuron::") + where + ": " + what);
}

/// Finite inputs and weights whose products overflow to +∞ and −∞ at once: no prediction exists.
[[noreturn]] inline void fail_overflow(const char *where, const std::string &what) {
    throw std::overflow_error(std::string("tinyneuron::") + where + ": " + what +
                              " overflowed to inf - inf (NaN); scale the inputs or the weights "
                              "down");
}

inline std::string count(Eigen::Index n) { return std::to_string(n); }

/// A number for a message: the shortest of digits10 and max_digits10 that reads back the same.
template <class T> std::string number(T value) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out.precision(std::numeric_limits<T>::digits10);
    out << value;
    std::istringstream back(out.str());
    back.imbue(std::locale::classic());
    T parsed{};
    if (std::isfinite(value) && !((back >> parsed) && parsed == value)) {
        out.str("");
        out.precision(std::numeric_limits<T>::max_digits10);
        out << value;
    }
    return out.str();
}

/// Throws unless every coefficient of `m` is finite, naming the first one that is not.
template <class Derived>
void require_finite(const Eigen::MatrixBase<Derived> &m, const char *where, const char *what) {
    if (m.allFinite()) {
        return;
    }
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
        for (Eigen::Index r = 0; r < m.rows(); ++r) {
            if (!std::isfinite(m(r, c))) {
                // Appended piece by piece: "[" + count(..) trips g++ 12's false -Wrestrict at
                // -O2 -std=c++20 (GCC bug 105651), which breaks users' -Werror builds.
                std::string at;
                if constexpr (Derived::IsVectorAtCompileTime) {
                    at += '[';
                    at += count(r + c);
                    at += ']';
                } else {
                    at += " at row ";
                    at += count(r);
                    at += ", column ";
                    at += count(c);
                }
                fail(where, std::string(what) + at + " is " + number(m(r, c)) +
                                ", expected a finite value");
            }
        }
    }
}

template <class T> void require_rate(T rate, const char *where) {
    if (!(std::isfinite(rate) && rate > T(0))) {
        fail(where, "learning rate is " + number(rate) + ", expected a finite value > 0");
    }
}

/// Samples whose coefficients can be read in place are used where they are; any other
/// expression (a product, a sum) is evaluated once instead of once per access.
template <class Derived>
using stored_t = std::conditional_t<(Derived::Flags & Eigen::DirectAccessBit) != 0, const Derived &,
                                    const typename Derived::PlainObject>;

constexpr int floor_log2(std::uint64_t v) { return v <= 1 ? 0 : 1 + floor_log2(v >> 1); }

/// `Bits` uniformly random bits from any UniformRandomBitGenerator. Draws are concatenated,
/// most significant first; an engine whose range is not a power of two has its draws above
/// the largest power of two rejected. A draw wider than needed gives its top bits.
template <class U, class Rng> U random_bits(Rng &rng) {
    using R = typename Rng::result_type;
    static_assert(
        std::is_unsigned<R>::value && std::numeric_limits<R>::digits <= 64,
        "tinyneuron: the engine's result_type must be an unsigned type of at most 64 bits");
    constexpr std::uint64_t range = static_cast<std::uint64_t>((Rng::max)() - (Rng::min)());
    static_assert(range >= 1, "tinyneuron: the engine must produce at least two values");
    constexpr bool full = range == ~std::uint64_t{0};
    constexpr int bits = full ? 64 : floor_log2(range + 1);
    constexpr bool power_of_two = full || ((range + 1) & range) == 0;
    constexpr int width = std::numeric_limits<U>::digits;

    U out = 0;
    int have = 0;
    while (have < width) {
        std::uint64_t draw = static_cast<std::uint64_t>(rng() - (Rng::min)());
        if constexpr (!power_of_two) {
            if ((draw >> bits) != 0) {
                continue;
            }
        }
        const int take = bits < width - have ? bits : width - have;
        draw >>= bits - take;
        out = have == 0 ? static_cast<U>(draw) : static_cast<U>((out << take) | draw);
        have += take;
    }
    return out;
}

} // namespace detail

// ============================================================================================
// Randomness: engine bits -> indices and Gaussians, the same on every standard library
// ============================================================================================

/// A uniformly random index in [0, n), without bias, from the raw bits of `rng`.
/// For n < 2^32: Lemire's multiply-shift of 32 random bits, redrawing the few products whose
/// low half falls below (2^32 - n) mod n. Larger n: 64 bits, rejection, then modulo.
/// Throws std::invalid_argument when n is 0.
template <class Rng> std::size_t uniform_index(Rng &rng, std::size_t n) {
    if (n == 0) {
        detail::fail("uniform_index", "n is 0, expected at least 1");
    }
    const auto wide = static_cast<std::uint64_t>(n);
    if (wide <= 0xFFFFFFFFu) {
        const auto bound = static_cast<std::uint32_t>(wide);
        std::uint64_t product = std::uint64_t{detail::random_bits<std::uint32_t>(rng)} * bound;
        auto low = static_cast<std::uint32_t>(product);
        if (low < bound) {
            const std::uint32_t threshold = (std::uint32_t{0} - bound) % bound;
            while (low < threshold) {
                product = std::uint64_t{detail::random_bits<std::uint32_t>(rng)} * bound;
                low = static_cast<std::uint32_t>(product);
            }
        }
        return static_cast<std::size_t>(product >> 32);
    }
    const std::uint64_t threshold = (std::uint64_t{0} - wide) % wide;
    std::uint64_t draw = 0;
    do {
        draw = detail::random_bits<std::uint64_t>(rng);
    } while (draw < threshold);
    return static_cast<std::size_t>(draw % wide);
}

/// A standard normal draw (mean 0, variance 1), like NumPy's `randn`, computed in double.
/// Marsaglia's polar method: two uniforms u, v in [-1, 1) with s = u² + v² in (0, 1) give
/// u·sqrt(−2 ln s / s). The second Gaussian it yields is discarded, so nothing is cached.
template <class Rng> double standard_normal(Rng &rng) {
    for (;;) {
        // 53 random bits scaled into [0, 1), then mapped onto [-1, 1)
        const double u =
            2.0 * static_cast<double>(detail::random_bits<std::uint64_t>(rng) >> 11) * 0x1p-53 -
            1.0;
        const double v =
            2.0 * static_cast<double>(detail::random_bits<std::uint64_t>(rng) >> 11) * 0x1p-53 -
            1.0;
        const double s = u * u + v * v;
        if (s > 0.0 && s < 1.0) {
            return u * std::sqrt(-2.0 * std::log(s) / s);
        }
    }
}

// ============================================================================================
// The sigmoid
// ============================================================================================
namespace detail {

template <class T> struct SigmoidPair {
    T value;      // σ(z)
    T complement; // σ(−z) = 1 − σ(z)
};

/// σ(z) and σ(−z) from one exponential. With e = exp(−|z|) ∈ (0, 1] nothing overflows:
/// σ(|z|) = 1 / (1 + e) and σ(−|z|) = e·σ(|z|). Computing the small one this way, not as
/// 1 − σ(|z|), keeps it accurate deep in the tail instead of rounding it to zero.
template <class T> SigmoidPair<T> sigmoid_pair(T z) {
    using std::abs;
    using std::exp;
    const T e = exp(-abs(z));
    const T large = T(1) / (T(1) + e);
    const T small = e * large;
    return z >= T(0) ? SigmoidPair<T>{large, small} : SigmoidPair<T>{small, large};
}

/// dE/dz of E = (σ(z) − t)²: 2(σ(z) − t)·σ'(z), with σ'(z) = σ(z)·σ(−z).
template <class T> T error_slope(T z, T target) {
    const SigmoidPair<T> s = sigmoid_pair(z);
    return T(2) * (s.value - target) * s.value * s.complement;
}

} // namespace detail

/// σ(z) = 1 / (1 + e^−z), for every z without overflow: σ(0) = 0.5, σ(±1000) = 1 and 0.
template <class T> T sigmoid(T z) {
    static_assert(detail::is_supported_scalar<T>,
                  "tinyneuron::sigmoid: T must be float, double or long double");
    return detail::sigmoid_pair(z).value;
}

/// σ'(z) = σ(z)(1 − σ(z)), computed as σ(z)·σ(−z): at most 1/4 (at z = 0), 0 far in the tails.
template <class T> T sigmoid_derivative(T z) {
    static_assert(detail::is_supported_scalar<T>,
                  "tinyneuron::sigmoid_derivative: T must be float, double or long double");
    const detail::SigmoidPair<T> s = detail::sigmoid_pair(z);
    return s.value * s.complement;
}

// ============================================================================================
// The neuron
// ============================================================================================

/// Settings of Neuron::train; the defaults are the tutorial's.
template <class T> struct TrainOptions {
    T learning_rate = T(0.01);      ///< step size, finite and > 0
    std::size_t iterations = 1000;  ///< single-sample updates; 0 trains nothing
    std::size_t record_every = 100; ///< record the error after updates 0, k, 2k, ...; k >= 1
};

/// Thrown by Neuron::train when the weights or the error stop being finite: the step was too
/// large for the data. The neuron keeps the parameters it had before the call.
class DivergenceError : public std::runtime_error {
  public:
    DivergenceError(const std::string &message, std::size_t iteration)
        : std::runtime_error(message), iteration_(iteration) {}
    /// The iteration (from 0) whose update or error was no longer finite.
    std::size_t iteration() const noexcept { return iteration_; }

  private:
    std::size_t iteration_;
};

/// One sigmoid neuron: prediction ŷ = σ(w·x + b) for an input x with `Inputs` values.
///
/// The math, once. For one sample x with target t, the squared error and its gradients are
///     z = w·x + b,   ŷ = σ(z),   E = (ŷ − t)²
///     ∂E/∂w = ∂E/∂ŷ · ∂ŷ/∂z · ∂z/∂w = 2(ŷ − t) · σ'(z) · x
///     ∂E/∂b = 2(ŷ − t) · σ'(z) · 1
/// and a step of gradient descent with learning rate r is w −= r·∂E/∂w, b −= r·∂E/∂b.
///
/// `Inputs` fixes the size at compile time (weights live on the stack and the hot path does no
/// heap allocation) or is Eigen::Dynamic. Data of the wrong width is refused either way.
template <class T, int Inputs = Eigen::Dynamic> class Neuron {
    static_assert(detail::is_supported_scalar<T>,
                  "tinyneuron::Neuron: T must be float, double or long double");
    static_assert(Inputs == Eigen::Dynamic || Inputs >= 1,
                  "tinyneuron::Neuron: Inputs must be at least 1, or Eigen::Dynamic");

  public:
    using Scalar = T;
    /// The weights, and one gradient: a column of `Inputs` values.
    using Vector = Eigen::Matrix<T, Inputs, 1>;
    /// One value per sample: predictions, targets.
    using BatchVector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    /// ∂E/∂w and ∂E/∂b for one sample.
    struct Gradients {
        Vector weights;
        T bias;
    };

    /// A neuron with the given weights and bias.
    /// Throws std::invalid_argument if there are no weights or a value is not finite.
    Neuron(const Vector &weights, T bias) : weights_(weights), bias_(bias) {
        check_parameters("Neuron::Neuron", weights_, bias_);
    }

    /// Weights and bias drawn from the standard normal, weights first (the tutorial's
    /// `np.random.randn`), using only `rng`'s raw output; see standard_normal.
    /// Throws std::invalid_argument if `inputs` < 1, or differs from a fixed `Inputs`.
    template <class Rng> static Neuron random(Eigen::Index inputs, Rng &rng) {
        constexpr const char *where = "Neuron::random";
        if (inputs < 1) {
            detail::fail(where, "inputs is " + detail::count(inputs) + ", expected at least 1");
        }
        if (Inputs != Eigen::Dynamic && inputs != Inputs) {
            detail::fail(where, "inputs is " + detail::count(inputs) + ", expected " +
                                    detail::count(Inputs) + " for this fixed-size Neuron");
        }
        Vector weights;
        weights.resize(inputs);
        for (Eigen::Index i = 0; i < inputs; ++i) {
            weights(i) = static_cast<T>(standard_normal(rng));
        }
        const auto bias = static_cast<T>(standard_normal(rng));
        return Neuron(weights, bias);
    }

    const Vector &weights() const noexcept { return weights_; }
    T bias() const noexcept { return bias_; }
    Eigen::Index inputs() const noexcept { return weights_.size(); }

    /// ŷ = σ(w·x + b) for one sample `x`: any vector expression of `inputs()` values of type T
    /// (a column, a transposed row, an Eigen::Map over your memory), read without a copy.
    /// Throws std::invalid_argument on a size mismatch or a non-finite value, std::overflow_error
    /// when w·x overflows to ∞ − ∞.
    template <class Derived> T predict(const Eigen::MatrixBase<Derived> &x) const {
        constexpr const char *where = "Neuron::predict";
        check_sample(where, x);
        return sigmoid(checked_z(where, z_of(x, weights_, bias_)));
    }

    /// The predictions for every row of `samples` (rows × inputs()), as one vectorised product.
    /// Throws std::invalid_argument on a column count other than inputs(), no rows, or a
    /// non-finite value.
    template <class Derived>
    BatchVector predict_batch(const Eigen::MatrixBase<Derived> &samples) const {
        constexpr const char *where = "Neuron::predict_batch";
        check_samples_shape(where, samples);
        BatchVector out(samples.rows());
        for_each_block(where, samples, [&](const auto &block, Eigen::Index first) {
            Eigen::Map<BatchVector, Eigen::AlignedMax> z(out.data() + first, block.rows());
            z.noalias() = block * weights_;
            check_products(where, z, first, block, samples);
            z = (z.array() + bias_).unaryExpr([](T v) { return sigmoid(v); }).matrix();
        });
        return out;
    }

    /// ∂E/∂w and ∂E/∂b of E = (σ(w·x + b) − target)² for one sample, by the chain rule.
    /// Throws std::invalid_argument on a size mismatch, a non-finite value, or a target
    /// outside [0, 1].
    template <class Derived>
    Gradients gradients(const Eigen::MatrixBase<Derived> &x, T target) const {
        constexpr const char *where = "Neuron::gradients";
        check_sample(where, x);
        check_target(where, target, "target");
        const T slope = detail::error_slope(checked_z(where, z_of(x, weights_, bias_)), target);
        return Gradients{Vector(slope * x), slope};
    }

    /// One step of gradient descent: w −= learning_rate·g.weights, b −= learning_rate·g.bias.
    /// Throws std::invalid_argument, changing nothing, on gradients of another size, non-finite
    /// gradients, a learning rate that is not finite and > 0, or a step that would leave the
    /// parameters non-finite.
    void update(const Gradients &g, T learning_rate) {
        constexpr const char *where = "Neuron::update";
        if (g.weights.size() != inputs()) {
            detail::fail(where, "gradients have " + detail::count(g.weights.size()) +
                                    " weights, expected " + detail::count(inputs()));
        }
        detail::require_finite(g.weights, where, "gradient weights");
        if (!std::isfinite(g.bias)) {
            detail::fail(where, "gradient bias is " + detail::number(g.bias) +
                                    ", expected a finite value");
        }
        detail::require_rate(learning_rate, where);
        Vector weights = weights_;
        T bias = bias_;
        step(weights, bias, g.weights, g.bias, learning_rate);
        if (!parameters_finite(weights, bias)) {
            detail::fail(where, "the step with learning rate " + detail::number(learning_rate) +
                                    " makes the parameters non-finite");
        }
        weights_ = weights;
        bias_ = bias;
    }

    /// The tutorial's cumulative error: Σ over the rows of (σ(w·x_i + b) − t_i)².
    /// `samples` is rows × inputs(), `targets` a vector with one value in [0, 1] per row.
    /// Throws std::invalid_argument on mismatched sizes, no rows, or bad values.
    template <class DS, class DT>
    T error(const Eigen::MatrixBase<DS> &samples, const Eigen::MatrixBase<DT> &targets) const {
        constexpr const char *where = "Neuron::error";
        check_samples_shape(where, samples);
        check_targets(where, samples, targets);
        BatchVector z;
        return error_into(samples, TargetRef(targets), weights_, bias_, z, where);
    }

    /// The tutorial's stochastic training. Each of `options.iterations` iterations draws one row
    /// uniformly at random (with replacement, uniform_index over `rng`), computes its gradients
    /// and takes one step. After the update of iteration i (from 0), when i % record_every == 0,
    /// the error over all samples is appended to the returned history: 1000 iterations recording
    /// every 100 give 10 values, the first after the first update.
    /// Throws std::invalid_argument on bad data or options, and DivergenceError if the parameters
    /// or the error stop being finite; either way the neuron keeps its parameters.
    template <class DS, class DT, class Rng>
    std::vector<T> train(const Eigen::MatrixBase<DS> &samples, const Eigen::MatrixBase<DT> &targets,
                         const TrainOptions<T> &options, Rng &rng) {
        constexpr const char *where = "Neuron::train";
        check_samples_shape(where, samples);
        check_targets(where, samples, targets);
        detail::require_finite(samples, where, "samples");
        detail::require_rate(options.learning_rate, where);
        if (options.record_every == 0) {
            detail::fail(where, "record_every is 0, expected at least 1");
        }

        const detail::stored_t<DS> x = samples.derived();
        const TargetRef t(targets);
        const T rate = options.learning_rate;
        const auto rows = static_cast<std::size_t>(x.rows());
        // Train a working copy; the neuron takes it only when every step stayed finite.
        Vector weights = weights_;
        T bias = bias_;
        BatchVector z(x.rows());
        std::vector<T> history;
        history.reserve(
            options.iterations == 0 ? 0 : (options.iterations - 1) / options.record_every + 1);

        for (std::size_t iteration = 0; iteration < options.iterations; ++iteration) {
            const auto i = static_cast<Eigen::Index>(uniform_index(rng, rows));
            const T slope = detail::error_slope(z_of(x.row(i), weights, bias), t(i));
            step(weights, bias, slope * x.row(i).transpose(), slope, rate);
            if (!parameters_finite(weights, bias)) {
                diverged(iteration, rate, "the weights or the bias");
            }
            if (iteration % options.record_every == 0) {
                const T e = error_into(x, t, weights, bias, z);
                if (!std::isfinite(e)) {
                    diverged(iteration, rate, "the error");
                }
                history.push_back(e);
            }
        }
        weights_ = weights;
        bias_ = bias;
        return history;
    }

    /// Writes the neuron as five lines of text, exact to the bit and independent of the
    /// stream's locale (values are hexadecimal floating point, e.g. -0x1.8p-1 = -0.75):
    ///     tinyneuron-neuron 1            format name and version
    ///     scalar double 53               T and its mantissa bits
    ///     inputs 2
    ///     bias 0x1.47ae147ae147bp-7
    ///     weights 0x1.7333333333333p+0 -0x1.51eb851eb851fp-1
    /// Throws std::runtime_error if the stream fails.
    void save(std::ostream &out) const {
        std::string text = std::string(format_name) + " " + std::to_string(format_version) +
                           "\nscalar " + scalar_line() + "\ninputs " + std::to_string(inputs()) +
                           "\nbias " + hex(bias_) + "\nweights";
        for (Eigen::Index i = 0; i < inputs(); ++i) {
            // Two appends, not " " + hex(..): g++ 12 -O2 -std=c++20 flags that with a false
            // -Wrestrict (GCC bug 105651), which breaks users' -Werror builds.
            text += ' ';
            text += hex(weights_(i));
        }
        text += "\n";
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        if (!out) {
            throw std::runtime_error("tinyneuron::Neuron::save: the stream failed while writing");
        }
    }

    /// Reads a neuron written by save, consuming its five lines and nothing more.
    /// Throws std::invalid_argument naming the line and column of the first problem: a missing
    /// or unknown header or version, another scalar type or input count than this Neuron's, a
    /// value that is not a finite hexadecimal float of this type, the wrong number of weights,
    /// or a stream that ends early.
    static Neuron load(std::istream &in);

  private:
    using TargetRef = Eigen::Ref<const BatchVector, 0, Eigen::InnerStride<>>;
    static constexpr const char *format_name = "tinyneuron-neuron";
    static constexpr int format_version = 1;

    Vector weights_;
    T bias_;

    template <class Derived>
    static T z_of(const Eigen::MatrixBase<Derived> &x, const Vector &weights, T bias) {
        return weights.dot(x) + bias;
    }

    template <class DerivedG>
    static void step(Vector &weights, T &bias, const Eigen::MatrixBase<DerivedG> &g_weights,
                     T g_bias, T rate) {
        weights -= rate * g_weights;
        bias -= rate * g_bias;
    }

    static bool parameters_finite(const Vector &weights, T bias) {
        return std::isfinite(bias) && weights.allFinite();
    }

    /// Σ (σ(z_i) − t_i)² with z = samples·w + b, summed in row order (so blocks of rows, see
    /// for_each_block, give the sum of all rows at once). `z` holds the products of a block and
    /// grows only when smaller (train passes one value per row: no allocation). With `where`,
    /// the samples and products are checked as in predict_batch; train checked its samples up
    /// front and reports a NaN error as divergence.
    template <class DS>
    static T error_into(const DS &samples, const TargetRef &targets, const Vector &weights, T bias,
                        BatchVector &z, const char *where = nullptr) {
        T sum = T(0);
        for_each_block(where, samples, [&](const auto &block, Eigen::Index first) {
            const Eigen::Index n = block.rows();
            if (z.size() < n) {
                z.resize(n);
            }
            Eigen::Map<BatchVector, Eigen::AlignedMax> products(z.data(), n);
            products.noalias() = block * weights;
            if (where != nullptr) {
                check_products(where, products, first, block, samples);
            }
            for (Eigen::Index i = 0; i < n; ++i) {
                const T diff = sigmoid(products(i) + bias) - targets(first + i);
                const T square = diff * diff; // apart, as in Eigen's square(): clang fuses a
                sum += square;                // multiply and an add only in one expression
            }
        });
        return sum;
    }

    [[noreturn]] static void diverged(std::size_t iteration, T rate, const char *what) {
        throw DivergenceError("tinyneuron::Neuron::train: diverged at iteration " +
                                  std::to_string(iteration) + " with learning rate " +
                                  detail::number(rate) + ": " + what +
                                  " stopped being finite; try a smaller learning rate",
                              iteration);
    }

    static void check_parameters(const char *where, const Vector &weights, T bias) {
        if (weights.size() < 1) {
            detail::fail(where, "weights have 0 values, expected at least 1");
        }
        detail::require_finite(weights, where, "weights");
        if (!std::isfinite(bias)) {
            detail::fail(where, "bias is " + detail::number(bias) + ", expected a finite value");
        }
    }

    template <class Derived> static void check_scalar() {
        static_assert(std::is_same<typename Derived::Scalar, T>::value,
                      "tinyneuron::Neuron: data must have the neuron's scalar type T");
    }

    template <class Derived>
    void check_sample(const char *where, const Eigen::MatrixBase<Derived> &x) const {
        check_scalar<Derived>();
        static_assert(Derived::IsVectorAtCompileTime,
                      "tinyneuron::Neuron: one sample must be a vector expression");
        static_assert(Inputs == Eigen::Dynamic || Derived::SizeAtCompileTime == Eigen::Dynamic ||
                          Derived::SizeAtCompileTime == Inputs,
                      "tinyneuron::Neuron: the sample's fixed size differs from Inputs");
        if (x.size() != inputs()) {
            detail::fail(where, "input has " + detail::count(x.size()) + " values, expected " +
                                    detail::count(inputs()));
        }
        detail::require_finite(x, where, "input");
    }

    template <class DS>
    void check_samples_shape(const char *where, const Eigen::MatrixBase<DS> &samples) const {
        check_scalar<DS>();
        static_assert(Inputs == Eigen::Dynamic || DS::ColsAtCompileTime == Eigen::Dynamic ||
                          DS::ColsAtCompileTime == Inputs,
                      "tinyneuron::Neuron: the samples' fixed column count differs from Inputs");
        if (samples.cols() != inputs()) {
            detail::fail(where, "samples have " + detail::count(samples.cols()) +
                                    " columns, expected " + detail::count(inputs()) +
                                    " (one per input, one sample per row)");
        }
        if (samples.rows() == 0) {
            detail::fail(where, "samples have 0 rows, expected at least 1");
        }
    }

    static void check_target(const char *where, T target, const std::string &what) {
        if (!(target >= T(0) && target <= T(1))) {
            detail::fail(where,
                         what + " is " + detail::number(target) + ", expected a value in [0, 1]");
        }
    }

    template <class DS, class DT>
    static void check_targets(const char *where, const Eigen::MatrixBase<DS> &samples,
                              const Eigen::MatrixBase<DT> &targets) {
        check_scalar<DT>();
        static_assert(DT::IsVectorAtCompileTime,
                      "tinyneuron::Neuron: the targets must be a vector expression");
        if (targets.size() != samples.rows()) {
            detail::fail(where, "targets have " + detail::count(targets.size()) +
                                    " values, expected " + detail::count(samples.rows()) +
                                    " (one per row of samples)");
        }
        // The message is built only for a bad target: one string per target cost more than the
        // error it guards (4.8x the error's own time on a million samples, issue 4).
        for (Eigen::Index i = 0; i < targets.size(); ++i) {
            if (!(targets(i) >= T(0) && targets(i) <= T(1))) {
                check_target(where, targets(i), "targets[" + detail::count(i) + "]");
            }
        }
    }

    /// Calls f(block, first) on consecutive blocks of rows of `samples`, `first` being the row
    /// where `block` starts. Why blocks: Eigen's product of row-major samples reads 8 rows at a
    /// time, which from main memory ran at half the speed of an in-order read (1,000,000 × 32
    /// doubles, issue 4). So samples in memory larger than 32 MiB, beyond a typical last-level
    /// cache, come in blocks of about 8 KiB; with `where` (predict_batch and error; train has
    /// checked its samples) each block is first read in order by a finiteness check (a sum is
    /// finite only if every value is), and f then does the product, its check and the sigmoid
    /// from the L1 cache. Smaller samples, which the cache holds and where the extra read only
    /// costs, and expressions (which Eigen may evaluate first, or whose scalar factor it may move
    /// into the product) are one block. The rounding stays that of one product over all rows:
    /// blocks of a multiple of 16 rows keep Eigen's groups of rows and vector lanes where they
    /// were, and the last block takes the rest when fewer than two remain, so that no block is
    /// one row (which Eigen would sum as a dot product, in another order).
    template <class DS, class F>
    static void for_each_block(const char *where, const Eigen::MatrixBase<DS> &samples, F &&f) {
        const Eigen::Index rows = samples.rows();
        if constexpr ((DS::Flags & Eigen::DirectAccessBit) != 0) {
            constexpr auto large = static_cast<Eigen::Index>((std::size_t{32} << 20) / sizeof(T));
            const Eigen::Index fit = static_cast<Eigen::Index>(8192 / sizeof(T)) / samples.cols();
            const Eigen::Index block = fit < 16 ? 16 : fit / 16 * 16;
            if (samples.size() > large && rows >= 2 * block) {
                for (Eigen::Index first = 0, n = 0; first < rows; first += n) {
                    n = rows - first < 2 * block ? rows - first : block;
                    const auto part = samples.middleRows(first, n);
                    if (where != nullptr && !std::isfinite(part.sum()) && !part.allFinite()) {
                        detail::require_finite(samples, where, "samples"); // the first of all
                    }
                    f(part, first);
                }
                return;
            }
        }
        f(samples.derived(), Eigen::Index{0});
    }

    /// A non-finite sample always makes its product w·x non-finite (NaN and ∞ propagate, and
    /// the weights are finite), so scanning the products finds bad samples without scanning
    /// all their values. A product may also overflow from finite samples: ±∞ is valid, NaN
    /// (∞ − ∞) is not. `products` are those of `block`, the rows of `samples` from `first`; a
    /// bad sample anywhere in `samples` is reported first, naming the first of all.
    template <class DP, class DB, class DS>
    static void check_products(const char *where, const DP &products, Eigen::Index first,
                               const DB &block, const Eigen::MatrixBase<DS> &samples) {
        if (products.allFinite()) {
            return;
        }
        if (products.hasNaN() || !block.allFinite()) {
            detail::require_finite(samples, where, "samples");
            for (Eigen::Index i = 0; i < products.size(); ++i) {
                if (std::isnan(products(i))) {
                    detail::fail_overflow(where, "w·x of samples row " + detail::count(first + i));
                }
            }
        }
    }

    /// z = w·x + b of finite values is NaN only when it summed +∞ and −∞.
    static T checked_z(const char *where, T z) {
        if (std::isnan(z)) {
            detail::fail_overflow(where, "w·x + b of the input");
        }
        return z;
    }

    static std::string scalar_line() {
        return std::string(detail::scalar_name<T>()) + " " +
               std::to_string(std::numeric_limits<T>::digits);
    }

    /// Exact hexadecimal text of a finite value: every step below (frexp, ×16, subtracting the
    /// integer part) is exact in binary floating point.
    static std::string hex(T value) {
        using std::abs;
        using std::frexp;
        std::string s = std::signbit(value) ? "-0x" : "0x";
        if (value == T(0)) {
            return s + "0p+0";
        }
        int exponent = 0;
        T fraction = frexp(abs(value), &exponent) * T(2) - T(1); // |value| = (1 + f)·2^(e − 1)
        --exponent;
        s += "1";
        if (fraction != T(0)) {
            s += ".";
            while (fraction != T(0)) {
                fraction *= T(16);
                const int digit = static_cast<int>(fraction);
                s += "0123456789abcdef"[digit];
                fraction -= static_cast<T>(digit);
            }
        }
        return s + "p" + (exponent < 0 ? "-" : "+") +
               std::to_string(exponent < 0 ? -exponent : exponent);
    }

    struct Line {
        std::size_t number;
        std::string text;
    };
    struct Token {
        std::string text;
        std::size_t column; // from 1
    };

    [[noreturn]] static void malformed(const Line &line, std::size_t column,
                                       const std::string &what) {
        detail::fail("Neuron::load", "line " + std::to_string(line.number) +
                                         (column == 0 ? "" : ", column " + std::to_string(column)) +
                                         ": " + what);
    }

    static Line read_line(std::istream &in, std::size_t number, const char *expected) {
        Line line{number, {}};
        if (!std::getline(in, line.text)) {
            malformed(line, 0, std::string("the stream ends, expected ") + expected);
        }
        if (!line.text.empty() && line.text.back() == '\r') {
            line.text.pop_back();
        }
        return line;
    }

    static std::vector<Token> tokens(const Line &line) {
        std::vector<Token> out;
        std::size_t i = 0;
        while (i < line.text.size()) {
            if (line.text[i] == ' ' || line.text[i] == '\t') {
                ++i;
                continue;
            }
            const std::size_t start = i;
            while (i < line.text.size() && line.text[i] != ' ' && line.text[i] != '\t') {
                ++i;
            }
            out.push_back(Token{line.text.substr(start, i - start), start + 1});
        }
        return out;
    }

    /// The tokens of a line that must start with `key` and hold `values` more (0: any number).
    static std::vector<Token> keyed(const Line &line, const char *key, std::size_t values) {
        std::vector<Token> t = tokens(line);
        if (t.empty() || t[0].text != key) {
            malformed(line, t.empty() ? 1 : t[0].column,
                      std::string("expected '") + key + "', got '" + (t.empty() ? "" : t[0].text) +
                          "'");
        }
        if (values != 0 && t.size() != values + 1) {
            const std::size_t column =
                t.size() > values + 1 ? t[values + 1].column : line.text.size() + 1;
            malformed(line, column,
                      std::string("'") + key + "' takes " + std::to_string(values) +
                          (values == 1 ? " value" : " values") + ", got " +
                          std::to_string(t.size() - 1));
        }
        return t;
    }

    /// A decimal count without sign, at most 9 digits.
    static std::size_t parse_count(const Line &line, const Token &token) {
        if (token.text.empty() || token.text.size() > 9 ||
            token.text.find_first_not_of("0123456789") != std::string::npos) {
            malformed(line, token.column, "expected a whole number, got '" + token.text + "'");
        }
        return static_cast<std::size_t>(std::stoul(token.text));
    }

    /// [-]0x<hex digits>[.<hex digits>]p[+|-]<decimal digits>, as written by hex().
    static T parse_hex(const Line &line, const Token &token) {
        const std::string &s = token.text;
        const auto bad = [&](const std::string &why) -> T {
            malformed(line, token.column,
                      "expected a hexadecimal float such as -0x1.8p-1, got '" + s + "' (" + why +
                          ")");
        };
        std::size_t i = 0;
        const bool negative = i < s.size() && s[i] == '-';
        if (negative) {
            ++i;
        }
        if (s.compare(i, 2, "0x") != 0) {
            return bad("no 0x prefix");
        }
        i += 2;
        const auto digit_value = [](char c) -> int {
            if (c >= '0' && c <= '9') {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f') {
                return c - 'a' + 10;
            }
            if (c >= 'A' && c <= 'F') {
                return c - 'A' + 10;
            }
            return -1;
        };
        T mantissa = T(0);
        long scale = 0; // binary exponent lost to digits after the point
        std::size_t digits = 0;
        bool point = false;
        for (; i < s.size() && s[i] != 'p' && s[i] != 'P'; ++i) {
            if (s[i] == '.' && !point) {
                point = true;
                continue;
            }
            const int d = digit_value(s[i]);
            if (d < 0) {
                return bad("unexpected character");
            }
            mantissa = mantissa * T(16) + static_cast<T>(d);
            ++digits;
            if (point) {
                scale -= 4;
            }
            if (digits > 64) {
                return bad("too many digits");
            }
        }
        if (digits == 0) {
            return bad("no digits");
        }
        if (i == s.size()) {
            return bad("no p exponent");
        }
        ++i;
        bool exponent_negative = false;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
            exponent_negative = s[i] == '-';
            ++i;
        }
        if (i == s.size() || s.size() - i > 6 ||
            s.find_first_not_of("0123456789", i) != std::string::npos) {
            return bad("the exponent must be 1 to 6 decimal digits");
        }
        const long magnitude = std::stol(s.substr(i));
        const long exponent = (exponent_negative ? -magnitude : magnitude) + scale;
        using std::ldexp;
        const T value = ldexp(mantissa, static_cast<int>(exponent));
        if (!std::isfinite(value)) {
            return bad(std::string("out of range for ") + detail::scalar_name<T>());
        }
        return negative ? -value : value;
    }
};

template <class T, int Inputs> Neuron<T, Inputs> Neuron<T, Inputs>::load(std::istream &in) {
    const Line header = read_line(in, 1, "the header 'tinyneuron-neuron 1'");
    const std::vector<Token> h = keyed(header, format_name, 1);
    if (h[1].text != std::to_string(format_version)) {
        malformed(header, h[1].column,
                  "format version '" + h[1].text + "' is not supported, this build reads version " +
                      std::to_string(format_version));
    }

    const Line scalar = read_line(in, 2, "'scalar <type> <mantissa bits>'");
    const std::vector<Token> s = keyed(scalar, "scalar", 2);
    if (s[1].text + " " + s[2].text != scalar_line()) {
        malformed(scalar, s[1].column,
                  "the stream holds '" + s[1].text + " " + s[2].text + "', this Neuron reads '" +
                      scalar_line() + "'");
    }

    const Line count_line = read_line(in, 3, "'inputs <count>'");
    const Token count_token = keyed(count_line, "inputs", 1)[1];
    const std::size_t count = parse_count(count_line, count_token);
    if (count == 0) {
        malformed(count_line, count_token.column, "inputs is 0, expected at least 1");
    }
    if (Inputs != Eigen::Dynamic && count != static_cast<std::size_t>(Inputs)) {
        malformed(count_line, count_token.column,
                  "the stream holds " + std::to_string(count) + " inputs, this Neuron takes " +
                      std::to_string(Inputs));
    }

    const Line bias_line = read_line(in, 4, "'bias <value>'");
    const T bias = parse_hex(bias_line, keyed(bias_line, "bias", 1)[1]);

    const Line weights_line = read_line(in, 5, "'weights <value> ...'");
    const std::vector<Token> w = keyed(weights_line, "weights", count);
    Vector weights;
    weights.resize(static_cast<Eigen::Index>(count));
    for (std::size_t i = 0; i < count; ++i) {
        weights(static_cast<Eigen::Index>(i)) = parse_hex(weights_line, w[i + 1]);
    }
    return Neuron(weights, bias);
}

} // namespace tinyneuron

#endif // TINYNEURON_NEURON_HPP
