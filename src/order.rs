//! Sorting the short lists the UI orders: a few variants, sizes or profile spans.
//!
//! The standard library's sorts are fast on long slices and compile to several kilobytes
//! for every element type and comparator; the UI sorts five kinds of list, none longer
//! than a few hundred items. One stable insertion sort is a few hundred bytes per use
//! and fast enough at that length (it is quadratic: not for the kernels' data).

/// Sorts `items` stably so that `before(a, b)` holds for every earlier `a` and later `b`
/// where the two are not equal (`before` is a strict "comes first").
pub fn sort_small_by<T>(items: &mut [T], mut before: impl FnMut(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && before(&items[j], &items[j - 1]) {
            items.swap(j, j - 1);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sort_small_by;

    #[test]
    fn sorts_and_keeps_equal_items_in_order() {
        let mut v = vec![(3, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (3, 'e'), (0, 'f')];
        sort_small_by(&mut v, |a, b| a.0 < b.0);
        assert_eq!(
            v,
            [(0, 'f'), (1, 'b'), (1, 'd'), (2, 'c'), (3, 'a'), (3, 'e')]
        );
        let mut empty: Vec<u8> = Vec::new();
        sort_small_by(&mut empty, |a, b| a < b);
        assert!(empty.is_empty());
    }

    #[test]
    fn agrees_with_the_standard_sort() {
        // A fixed pseudo-random list with many ties.
        let mut x = 12345u32;
        let mut v: Vec<(u32, usize)> = (0..300)
            .map(|i| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                ((x >> 16) % 17, i)
            })
            .collect();
        let mut expected = v.clone();
        expected.sort_by_key(|p| p.0);
        sort_small_by(&mut v, |a, b| a.0 < b.0);
        assert_eq!(v, expected);
    }
}
