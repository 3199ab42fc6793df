// Runs before the first paint (a classic, blocking script: the app's module script runs later), so a theme
// chosen in settings never flashes the system one first. It only reads this device's copy of the choice
// (src/services/theme.ts writes it); the app applies the stored setting again once it starts.
try {
  var theme = localStorage.getItem('textkeep-theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch (error) {
  // Storage refused (some private modes): the system theme is the right default.
}
