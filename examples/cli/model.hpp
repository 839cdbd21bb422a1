// SPDX-License-Identifier: MIT
// The tinyneuron command's model file: the neuron in the library's own five lines, exactly as
// Neuron::save writes them (so Neuron<double>::load reads a model file as it is, and stops
// after them), then what the command needs to use it on new data:
//     tinyneuron-model 1
//     loss cross-entropy                  or squared-error
//     l2 0.000878734622144112             the penalty fit used, exact (%.17g)
//     target "diagnosis"
//     labels "B" "M"                      mapped to 0 and 1; or: labels probabilities
//     input "mean radius"                 one line per input, in the order of the weights
// Names are in double quotes; a quote, a backslash, a line feed, a carriage return and a tab in
// one are written \" \\ \n \r \t. README.md documents the format.
#ifndef TINYNEURON_EXAMPLES_MODEL_HPP
#define TINYNEURON_EXAMPLES_MODEL_HPP

#include "reader.hpp"
#include "targets.hpp"

#include <tinyneuron/neuron.hpp>

#include <cstddef>   // std::size_t
#include <cstdio>    // std::snprintf
#include <cstring>   // std::strchr
#include <istream>   // std::istream, std::getline
#include <ostream>   // std::ostream
#include <stdexcept> // std::invalid_argument, std::runtime_error
#include <string>    // std::string
#include <utility>   // std::move
#include <vector>    // std::vector

namespace tinyneuron::examples {

/// A fitted neuron and what it was fitted on.
struct Model {
    Neuron<double> neuron{Eigen::VectorXd::Zero(1), 0.0};
    std::vector<std::string> inputs; ///< the inputs' names, in the order of the weights
    std::string target;
    Labels labels;
    Loss loss = Loss::cross_entropy;
    double l2 = 0.0;
};

inline const char *loss_name(Loss loss) { return loss == Loss::cross_entropy ? "cross-entropy" : "squared-error"; }

namespace model_detail {

inline std::string quoted_name(const std::string &name) {
    std::string out = "\"";
    for (const char c : name) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += c;
        }
    }
    return out + "\"";
}

/// Reads the model's lines after the neuron's, each "<key> <value>", numbered from `line`.
class Lines {
  public:
    Lines(std::istream &in, std::string source) : in_(in), source_(std::move(source)) {}

    [[noreturn]] void fail(std::size_t column, const std::string &what) const {
        reader_detail::fail(source_, line_, column, what);
    }

    /// The next line, which must start with `key` and a space; returns what follows.
    std::string expect(const std::string &key) {
        ++line_;
        if (!std::getline(in_, text_) || in_.eof()) {
            fail(1, "the file ends, expected a line '" + key + " ...' ended by a newline");
        }
        if (text_.compare(0, key.size() + 1, key + " ") != 0) {
            fail(1, "expected '" + key + " ...', got " + reader_detail::shown(text_));
        }
        at_ = key.size() + 1;
        return text_.substr(at_);
    }
    /// True if another line follows.
    bool more() { return in_.peek() != std::char_traits<char>::eof(); }

    /// A quoted name at the line's current position.
    std::string name() {
        if (at_ >= text_.size() || text_[at_] != '"') {
            fail(at_ + 1, "expected a name in double quotes");
        }
        std::string out;
        for (std::size_t i = at_ + 1; i < text_.size(); ++i) {
            if (text_[i] == '"') {
                at_ = i + 1;
                return out;
            }
            if (text_[i] == '\\') {
                const char escaped = i + 1 < text_.size() ? text_[i + 1] : '\0';
                const char *from = "\"\\nrt", *to = "\"\\\n\r\t";
                const char *found = escaped == '\0' ? nullptr : std::strchr(from, escaped);
                if (found == nullptr) {
                    fail(i + 1, "expected \\\" \\\\ \\n \\r or \\t after a backslash in a name");
                }
                out += to[found - from];
                ++i;
                continue;
            }
            out += text_[i];
        }
        fail(text_.size() + 1, "the name's closing quote is missing");
    }
    /// The line ends here, or has a space and more.
    bool at_end() const { return at_ == text_.size(); }
    void space() {
        if (at_ >= text_.size() || text_[at_] != ' ') {
            fail(at_ + 1, "expected a space");
        }
        ++at_;
    }
    void end() {
        if (!at_end()) {
            fail(at_ + 1, "expected the end of the line, got " + reader_detail::shown(text_.substr(at_)));
        }
    }
    std::size_t line() const { return line_; }

  private:
    std::istream &in_;
    std::string source_;
    std::string text_;
    std::size_t line_ = 5, at_ = 0;
};

} // namespace model_detail

/// Writes `model` as the file format above. Throws std::runtime_error if the stream fails.
inline void save_model(std::ostream &out, const Model &model) {
    model.neuron.save(out);
    char l2[32];
    std::snprintf(l2, sizeof l2, "%.17g", model.l2);
    out << "tinyneuron-model 1\nloss " << loss_name(model.loss) << "\nl2 " << l2 << "\ntarget "
        << model_detail::quoted_name(model.target) << "\nlabels ";
    if (model.labels.probabilities) {
        out << "probabilities\n";
    } else {
        out << model_detail::quoted_name(model.labels.zero) << ' ' << model_detail::quoted_name(model.labels.one)
            << '\n';
    }
    for (const std::string &name : model.inputs) {
        out << "input " << model_detail::quoted_name(name) << '\n';
    }
    out.flush();
    if (!out) {
        throw std::runtime_error("the model could not be written");
    }
}

/// Reads a model file written by save_model, named `source` in messages. Throws
/// std::invalid_argument naming source:line:column of the first problem.
inline Model load_model(std::istream &in, const std::string &source) {
    Model model;
    try {
        model.neuron = Neuron<double>::load(in);
    } catch (const std::invalid_argument &e) {
        throw std::invalid_argument(source + ": " + e.what() + " (the neuron's lines of a model file)");
    }
    model_detail::Lines lines(in, source);
    if (lines.expect("tinyneuron-model") != "1") {
        lines.fail(18, "expected format version 1 of a tinyneuron model");
    }
    const std::string loss = lines.expect("loss");
    if (loss != "cross-entropy" && loss != "squared-error") {
        lines.fail(6, "expected cross-entropy or squared-error, got " + reader_detail::shown(loss));
    }
    model.loss = loss == "cross-entropy" ? Loss::cross_entropy : Loss::squared_error;
    const std::string l2 = lines.expect("l2");
    if (reader_detail::number(l2, false, model.l2) != reader_detail::Cell::number || !(model.l2 >= 0.0)) {
        lines.fail(4, "expected a finite number >= 0, got " + reader_detail::shown(l2));
    }
    (void)lines.expect("target");
    model.target = lines.name();
    lines.end();
    if (lines.expect("labels") == "probabilities") {
        model.labels.probabilities = true;
    } else {
        model.labels.zero = lines.name();
        lines.space();
        model.labels.one = lines.name();
        lines.end();
    }
    while (lines.more()) {
        (void)lines.expect("input");
        model.inputs.push_back(lines.name());
        lines.end();
    }
    if (model.inputs.size() != static_cast<std::size_t>(model.neuron.inputs())) {
        lines.fail(1, "the model has " + std::to_string(model.inputs.size()) + " input names, expected " +
                          std::to_string(model.neuron.inputs()) + ", one for each weight");
    }
    return model;
}

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_MODEL_HPP
