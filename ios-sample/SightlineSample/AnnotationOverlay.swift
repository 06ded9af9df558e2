import Sightline
import SwiftUI

/// Draws the technicians' annotations (the SDK's overlay model) over the camera preview. They
/// are normalised to the streamed picture, which the preview shows fitted into the view: they
/// are drawn into the same fitted rectangle, so they stay on what the technician pointed at.
struct AnnotationOverlay: View {
    let marks: [OverlayAnnotation]
    /// The streamed picture's size (upright); nothing is drawn before the first frame.
    let pictureSize: CGSize

    var body: some View {
        Canvas { context, size in
            guard let area = fitted(pictureSize, into: size) else { return }
            for mark in marks { draw(mark, in: area, on: &context) }
        }
        .allowsHitTesting(false)
    }

    private func fitted(_ picture: CGSize, into view: CGSize) -> CGRect? {
        guard picture.width > 0, picture.height > 0 else { return nil }
        let scale = min(view.width / picture.width, view.height / picture.height)
        let size = CGSize(width: picture.width * scale, height: picture.height * scale)
        return CGRect(origin: CGPoint(x: (view.width - size.width) / 2, y: (view.height - size.height) / 2), size: size)
    }

    private func draw(_ mark: OverlayAnnotation, in area: CGRect, on context: inout GraphicsContext) {
        func at(_ p: NormalizedPoint) -> CGPoint {
            CGPoint(x: area.minX + CGFloat(p.x) * area.width, y: area.minY + CGFloat(p.y) * area.height)
        }
        let argb = colourArgb(colour: mark.colour)
        let colour = Color(red: Double((argb >> 16) & 0xFF) / 255, green: Double((argb >> 8) & 0xFF) / 255,
                           blue: Double(argb & 0xFF) / 255)
        let lineWidth = CGFloat(mark.width) * area.width
        let style = StrokeStyle(lineWidth: lineWidth, lineCap: .round, lineJoin: .round)
        var path = Path()
        switch mark.shape {
        case .arrow(let from, let to):
            let (tail, head) = (at(from), at(to))
            path.move(to: tail)
            path.addLine(to: head)
            let angle = atan2(head.y - tail.y, head.x - tail.x)
            for side in [-1.0, 1.0] {
                let wing = angle + .pi + side * 0.5
                path.move(to: head)
                path.addLine(to: CGPoint(x: head.x + lineWidth * 4 * cos(wing), y: head.y + lineWidth * 4 * sin(wing)))
            }
        case .circle(let from, let to):
            path.addEllipse(in: CGRect(from: at(from), to: at(to)))
        case .rectangle(let from, let to):
            path.addRect(CGRect(from: at(from), to: at(to)))
        case .freehand(let points):
            guard let first = points.first else { return }
            path.move(to: at(first))
            for point in points.dropFirst() { path.addLine(to: at(point)) }
        case .text(let origin, let text):
            let height = lineWidth * CGFloat(textHeightPerWidth())
            context.draw(Text(text).font(.system(size: height)).foregroundColor(colour), at: at(origin), anchor: .topLeading)
            return
        }
        context.stroke(path, with: .color(colour), style: style)
    }
}

private extension CGRect {
    /// The rectangle between two opposite corners.
    init(from a: CGPoint, to b: CGPoint) {
        self.init(x: min(a.x, b.x), y: min(a.y, b.y), width: abs(a.x - b.x), height: abs(a.y - b.y))
    }
}
