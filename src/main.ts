import './styles/theme.css';
import './app-shell';
