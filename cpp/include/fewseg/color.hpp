// sRGB to CIELAB as skimage.color.rgb2lab computes it (D65 white, 2-degree observer), and
// the six reference colours of dermoscopy's ABCD rule.
//
// Integer images are scaled to [0, 1] as skimage.util.img_as_float does (v * (1 / max));
// floating images are taken as they are. Everything is computed in double.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

namespace fewseg::color {

// sRGB companding removed (IEC 61966-2-1), as skimage.color.rgb2xyz does it.
inline double linearise(double v) {
    return v > 0.04045 ? std::pow((v + 0.055) / 1.055, 2.4) : v / 12.92;
}

inline double lab_f(double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; }

// skimage's xyz_from_rgb and the D65 / 2-degree white point.
constexpr double kXyzFromRgb[3][3] = {
    {0.412453, 0.357580, 0.180423},
    {0.212671, 0.715160, 0.072169},
    {0.019334, 0.119193, 0.950227},
};
constexpr double kWhite[3] = {0.95047, 1.0, 1.08883};

inline std::array<double, 3> lab_from_linear(double r, double g, double b) {
    double f[3];
    for (int i = 0; i < 3; ++i) {
        const double v = r * kXyzFromRgb[i][0] + g * kXyzFromRgb[i][1] + b * kXyzFromRgb[i][2];
        f[i] = lab_f(v / kWhite[i]);
    }
    return {116.0 * f[1] - 16.0, 500.0 * (f[0] - f[1]), 200.0 * (f[1] - f[2])};
}

// CIE L* alone (the luminance used for border sharpness).
inline double lightness_from_linear(double r, double g, double b) {
    const double y = r * kXyzFromRgb[1][0] + g * kXyzFromRgb[1][1] + b * kXyzFromRgb[1][2];
    return 116.0 * lab_f(y / kWhite[1]) - 16.0;
}

// Channel values of type T to [0, 1] doubles and to linear RGB, with lookup tables for
// 8- and 16-bit images (the power function is most of the cost otherwise).
template <class T>
class Linearizer {
  public:
    Linearizer() {
        if constexpr (std::is_integral_v<T>) {
            const std::size_t n = static_cast<std::size_t>(std::numeric_limits<T>::max()) + 1;
            const double scale = 1.0 / static_cast<double>(std::numeric_limits<T>::max());
            unit_.resize(n);
            linear_.resize(n);
            for (std::size_t v = 0; v < n; ++v) {
                unit_[v] = static_cast<double>(v) * scale;
                linear_[v] = linearise(unit_[v]);
            }
        }
    }
    double unit(T v) const {
        if constexpr (std::is_integral_v<T>) return unit_[v];
        else return static_cast<double>(v);
    }
    double linear(T v) const {
        if constexpr (std::is_integral_v<T>) return linear_[v];
        else return linearise(static_cast<double>(v));
    }

  private:
    std::vector<double> unit_, linear_;
};

// The six dermoscopic colours of the ABCD rule (Stolz et al. 1994: white, red, light
// brown, dark brown, blue-gray, black) and the sRGB colour, in [0, 1], that stands for each:
// the values of She, Liu and Damian (2007) as later automatic ABCD scorers quote them (not
// checked against the paper itself; published tables differ between authors). The one
// definition in fewseg: regionprops_table's dermoscopic_colour_fractions reads it here,
// lesion_features through fewseg._core.dermoscopic_colours().
// Z. She, Y. Liu and A. Damian, "Combination of features from skin pattern and ABCD analysis
// for lesion classification", Skin Res. Technol. 13(1), 25-33, 2007.
constexpr int kDermoscopicColours = 6;
constexpr const char* kDermoscopicNames[kDermoscopicColours] = {
    "white", "red", "light_brown", "dark_brown", "blue_gray", "black",
};
constexpr double kDermoscopicRgb[kDermoscopicColours][3] = {
    {1.0, 1.0, 1.0},  // white
    {0.8, 0.2, 0.2},  // red
    {0.6, 0.4, 0.0},  // light brown
    {0.2, 0.0, 0.0},  // dark brown
    {0.2, 0.6, 0.6},  // blue-gray
    {0.0, 0.0, 0.0},  // black
};

// Their CIELAB coordinates, and the index of the nearest one (CIE76 colour difference).
class DermoscopicPalette {
  public:
    DermoscopicPalette() {
        for (int k = 0; k < kDermoscopicColours; ++k)
            lab_[k] = lab_from_linear(linearise(kDermoscopicRgb[k][0]), linearise(kDermoscopicRgb[k][1]),
                                      linearise(kDermoscopicRgb[k][2]));
    }
    int nearest(const std::array<double, 3>& lab) const {
        int best = 0;
        double best_d = std::numeric_limits<double>::infinity();
        for (int k = 0; k < kDermoscopicColours; ++k) {
            const double d0 = lab[0] - lab_[k][0], d1 = lab[1] - lab_[k][1], d2 = lab[2] - lab_[k][2];
            const double d = d0 * d0 + d1 * d1 + d2 * d2;
            if (d < best_d) {  // ties go to the first listed colour
                best_d = d;
                best = k;
            }
        }
        return best;
    }

  private:
    std::array<double, 3> lab_[kDermoscopicColours];
};

}  // namespace fewseg::color
