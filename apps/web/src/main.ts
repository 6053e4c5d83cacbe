import './styles.css';
import { Playground } from './app.js';

new Playground();
