/** Templates shared by the feature tests. */

/**
 * Every feature kind over MovieLens, for the proof (brute force), online parity and CLI tests.
 * The spine table is ods.spine: user_id, as_of, device.
 */
export const USER_ACTIVITY = `
name: user_activity
description: Rating behaviour of a MovieLens user before a point in time
owner: proof-test
entity: { name: user, keys: [user_id] }
spine: { table: ods.spine, time: as_of }
sources:
  ratings: { table: ods.ratings, time: rated_at, on: { user_id: userId } }
  tags: { table: ods.tags, time: tagged_at, on: { user_id: userId } }
  users: { table: ods.users, on: { user_id: id } }
label: { name: rates_high_next_7d, source: ratings, horizon: 7d, aggregate: any, filter: rating >= 4 }
features:
  - { name: n_ratings, kind: aggregation, source: ratings, function: count, windows: [12h, 1d, 7d, 30d, 90d, all] }
  - { name: n_high, kind: aggregation, source: ratings, function: count, windows: [7d, 30d], filter: rating >= 4 }
  - { name: n_movies_30d, kind: aggregation, source: ratings, function: count_distinct, column: movieId, window: 30d }
  - { name: sum_rating_30d, kind: aggregation, source: ratings, function: sum, column: rating, window: 30d }
  - { name: avg_rating, kind: aggregation, source: ratings, function: avg, column: rating, windows: [7d, 90d] }
  - { name: min_rating_30d, kind: aggregation, source: ratings, function: min, column: rating, window: 30d }
  - { name: max_rating_30d, kind: aggregation, source: ratings, function: max, column: rating, window: 30d }
  - { name: sd_rating_90d, kind: aggregation, source: ratings, function: stddev, column: rating, window: 90d }
  - { name: sd_movie_90d, kind: aggregation, source: ratings, function: stddev, column: movieId, window: 90d }
  - { name: first_movie_90d, kind: aggregation, source: ratings, function: first, column: movieId, window: 90d }
  - { name: last_movie_90d, kind: aggregation, source: ratings, function: last, column: movieId, window: 90d }
  - { name: last_rating_30d, kind: aggregation, source: ratings, function: last, column: rating, window: 30d }
  - { name: first_rating_all, kind: aggregation, source: ratings, function: first, column: rating, window: all, filter: movieId < 1000 }
  - { name: n_tags_30d, kind: aggregation, source: tags, function: count, window: 30d }
  - { name: n_tag_words_all, kind: aggregation, source: tags, function: count_distinct, column: tag, window: all }
  - { name: high_share_30d, kind: ratio, numerator: n_high_30d, denominator: n_ratings_30d }
  - name: trend
    kind: formula
    expr: |
      case when n_ratings_7d > 0
           then avg_rating_7d - avg_rating_90d
           else 0 end
  - { name: busy, kind: formula, expr: "n_ratings_1d >= 3 or (n_tags_30d > 0 and not n_ratings_7d = 0)" }
  - { name: days_since_rating, kind: time, part: days_since, source: ratings }
  - { name: days_since_high_90d, kind: time, part: days_since, source: ratings, filter: rating >= 4.5, window: 90d }
  - { name: as_of_hour, kind: time, part: hour }
  - { name: as_of_weekday, kind: time, part: weekday }
  - { name: as_of_month, kind: time, part: month }
  - { name: segment, kind: column, from: users, column: segment }
  - { name: activity_bucket, kind: bucketize, input: n_ratings_30d, boundaries: [1, 5, 20] }
  - { name: device_segment, kind: cross, inputs: [device, segment] }
  - { name: device_onehot, kind: encoding, method: one_hot, input: device, top: 3 }
  - { name: device_freq, kind: encoding, method: frequency, input: device }
  - { name: segment_rank, kind: encoding, method: ordinal, input: segment }
`;
