// SPDX-License-Identifier: MIT
// eight_points: tables of numbers, written as CSV and as gnuplot data blocks, and the pieces
// every picture's gnuplot script shares.
#ifndef TINYNEURON_EXAMPLES_GNUPLOT_HPP
#define TINYNEURON_EXAMPLES_GNUPLOT_HPP

#include "text.hpp"

#include <cstddef> // std::size_t
#include <string>  // std::string
#include <vector>  // std::vector

namespace tinyneuron::examples {

/// Rows of numbers with a header: written as CSV and as a gnuplot data block.
struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<double>> rows;
};

/// A picture: the data it shows (written as <name>.csv) and the gnuplot script that draws it
/// (<name>.gp, which holds the same data). `skipped` says why there is none, if there is none.
struct Figure {
    std::string name;
    Table data;
    std::string script;
    std::string skipped;
};

/// The header, then each row of exact numbers, each a line of fields joined by `separator`.
/// Appends only: "literal" + string trips g++ 12's false -Wrestrict at -O2 -std=c++20 (GCC bug
/// 105651).
inline void append_table(std::string &out, const Table &t, char separator) {
    for (std::size_t i = 0; i < t.header.size(); ++i) {
        if (i > 0) {
            out += separator;
        }
        out += t.header[i];
    }
    out += '\n';
    for (const std::vector<double> &row : t.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i > 0) {
                out += separator;
            }
            out += exact(row[i]);
        }
        out += '\n';
    }
}

inline std::string csv_text(const Table &t) {
    std::string out;
    append_table(out, t, ',');
    return out;
}

/// A named inline data block for gnuplot: `$name << EOD`, the header as a comment, the rows,
/// `EOD`.
inline std::string datablock(const std::string &name, const Table &t) {
    std::string out = "$";
    out += name;
    out += " << EOD\n# ";
    append_table(out, t, ' ');
    out += "EOD\n";
    return out;
}

/// gnuplot's single-quoted string: no escapes, a quote is doubled.
inline std::string gp_quote(const std::string &text) {
    std::string out = "'";
    for (const char c : text) {
        out += c == '\'' ? std::string("''") : std::string(1, c);
    }
    out += "'";
    return out;
}

/// The start of every picture's script: the PNG terminal, fonts, grid.
inline std::string gp_preamble(const std::string &name, int width, int height) {
    return "# Draws " + name + ".png from the data below: run `gnuplot " + name +
           ".gp` in this folder.\n# Written by tinyneuron's eight_points; the same data is in " + name +
           ".csv.\nset encoding utf8\nset terminal pngcairo size " + std::to_string(width) + "," +
           std::to_string(height) + " enhanced font 'DejaVu Sans,14' linewidth 1.5\nset output '" + name +
           ".png'\nset grid lc rgb '#dddddd'\nset key box opaque samplen 3 spacing 1.2\n"
           "set title font ',17'\n";
}

/// gnuplot's own `set key below` draws the box over the x label, so the key is placed at the
/// bottom of the canvas (or of a multiplot panel starting at `bottom`), with room made for its
/// `rows` entries: every legend sits below its plot, where it can hide no data.
inline std::string key_below(int rows, double bottom) {
    return "set key at screen 0.5, screen " + brief(bottom + 0.015) + " center bottom vertical maxrows " +
           std::to_string(rows) + "\nset bmargin " + brief(5.5 + 1.2 * rows) + "\n";
}

/// A horizontal line at `y` for the plot command, dashed, with its legend entry.
inline std::string gp_level(double y, const std::string &colour, const std::string &title) {
    return exact(y) + " with lines dt 2 lw 2 lc rgb '" + colour + "' title " + gp_quote(title);
}

constexpr const char *fast_colour = "#1f77b4";     // the tutorial's setting
constexpr const char *slow_colour = "#ff7f0e";     // learning rate / 10, 3 x iterations
constexpr const char *baseline_colour = "#555555"; // always predicting 0.5
constexpr const char *floor_colour = "#2ca02c";    // the lowest error any neuron reaches
constexpr const char *entropy_colour = "#9467bd";  // trained with cross-entropy
constexpr const char *zero_colour = "#d62728";     // inputs with target 0
constexpr const char *one_colour = "#2ca02c";      // inputs with target 1

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_GNUPLOT_HPP
