use aula::report::Histogram;

#[test]
fn bins_cover_min_to_max_and_count_everything() {
    let values = [0.0, 0.1, 0.5, 0.9, 1.0, 1.0];
    let h = Histogram::of("w", values.iter().copied(), 4);
    assert_eq!((h.min, h.max), (0.0, 1.0));
    assert_eq!(h.counts, vec![2, 0, 1, 3], "0.5 opens bin 2; max falls in the last bin");
    assert_eq!(h.total(), 6);
}

#[test]
fn non_finite_values_are_left_out_and_constants_do_not_divide_by_zero() {
    let h = Histogram::of("g", [1.0, f64::NAN, f64::INFINITY, 1.0].into_iter(), 5);
    assert_eq!(h.total(), 2);
    assert_eq!((h.min, h.max), (1.0, 1.0));
    let empty = Histogram::of("e", std::iter::empty(), 5);
    assert_eq!((empty.total(), empty.min, empty.max), (0, 0.0, 0.0));
}
