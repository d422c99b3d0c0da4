import '@testing-library/jest-dom';

// Page-level tests render charts and dialogs; on a busy 2-core CI machine
// running every package at once, 5 s is not enough for the slowest of them.
jest.setTimeout(30_000);
